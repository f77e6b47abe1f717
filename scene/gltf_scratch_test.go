package scene

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestScratchCorpus(t *testing.T) {
	root := "/work/shared/gltf-validator-corpus"
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if !(strings.HasSuffix(p, ".gltf") || strings.HasSuffix(p, ".glb")) {
			return nil
		}
		rep, _ := os.ReadFile(p + ".report.json")
		var r struct{ Issues struct{ NumErrors int } }
		json.Unmarshal(rep, &r)
		rel, _ := filepath.Rel(root, p)
		m, err := LoadGLTF(os.DirFS(root), rel, AssetLimits{})
		status := "LOAD"
		if err != nil {
			status = "ERR "
		}
		flag := ""
		if (r.Issues.NumErrors == 0) != (err == nil) {
			flag = "  <<<<"
		}
		extra := ""
		if m != nil {
			extra = fmt.Sprintf("parts=%d warn=%v", len(m.Parts), m.Warnings)
		}
		fmt.Printf("%s errs=%d %-50s %v %s%s\n", status, r.Issues.NumErrors, rel, err, extra, flag)
		return nil
	})
}

func TestScratchSamples(t *testing.T) {
	root := "/work/shared/gltf-samples"
	filepath.Walk(root, func(p string, info os.FileInfo, err error) error {
		if !(strings.HasSuffix(p, ".gltf") || strings.HasSuffix(p, ".glb")) {
			return nil
		}
		m, err := LoadGLTFFile(p, AssetLimits{})
		if err != nil {
			fmt.Println("ERR", p, err)
			return nil
		}
		fmt.Println("OK ", p, len(m.Parts), m.NumTriangles(), m.Lo, m.Hi, m.Warnings)
		return nil
	})
}
