package dataset

import (
	"reflect"
	"strings"
	"testing"

	"github.com/synthkit/synthkit/labels"
)

// TestAttrsOf: attributes come out sorted by key; a key that is not an
// identifier is an error naming the key and, through ObjectsOf and
// AnnotationsOf, the object or annotation.
func TestAttrsOf(t *testing.T) {
	got, err := AttrsOf(map[string]string{"sku": "a", "brand": "b", "_x1": "c"})
	if want := []Attr{{"_x1", "c"}, {"brand", "b"}, {"sku", "a"}}; err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("AttrsOf = %v, %v; want %v", got, err, want)
	}
	for _, key := range []string{"", "1st", "shelf row", "a-b", "é", strings.Repeat("k", 65)} {
		if _, err := AttrsOf(map[string]string{key: "v"}); err == nil || !strings.Contains(err.Error(), "is not an identifier") {
			t.Errorf("key %q: %v", key, err)
		}
	}
	insts := []labels.Instance{{Object: 4, Name: "can", Category: "c", Meta: map[string]string{"bad key": "v"}}}
	if _, err := ObjectsOf(insts, []string{"c"}); err == nil || !strings.Contains(err.Error(), `object 4 ("can")`) || !strings.Contains(err.Error(), `"bad key"`) {
		t.Errorf("ObjectsOf: %v", err)
	}
	anns := []labels.AnnotationLabel{{Index: 2, Category: "price_tag", Attrs: map[string]string{"9lives": "v"}}}
	if _, err := AnnotationsOf(anns); err == nil || !strings.Contains(err.Error(), `annotation 2 ("price_tag")`) {
		t.Errorf("AnnotationsOf: %v", err)
	}
}
