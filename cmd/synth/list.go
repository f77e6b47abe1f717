package main

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/synthkit/synthkit/generator"
)

// listWidth is the column limit of `synth list`: no line is longer.
const listWidth = 100

// inlineDefault is the longest default shown on its param's line; a
// longer one (the shelves post-processing object) gets lines of its own
// below, wrapped at commas.
const inlineDefault = 36

func newListCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the registered generators and their params",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return writeList(cmd.OutOrStdout(), generator.List())
		},
	}
}

// writeList prints each generator with its categories and params, every
// line at most listWidth columns: the param's name, type and short default
// in aligned columns, its doc wrapped below, a long default on lines of
// its own.
func writeList(out io.Writer, entries []generator.Entry) error {
	var b strings.Builder
	for i, e := range entries {
		if i > 0 {
			b.WriteString("\n")
		}
		wrap(&b, fmt.Sprintf("%s %s — %s", e.Info.Name, e.Info.Version, e.Info.Description), "", "  ", " ")
		if len(e.Info.Categories) > 0 {
			wrap(&b, "categories: "+strings.Join(e.Info.Categories, ", "), "  ", "    ", " ")
		}
		if len(e.Params) == 0 {
			continue
		}
		b.WriteString("  params:\n")
		// Aligned columns of name, type and (short) default, then each
		// param's doc and long default beneath it.
		var head strings.Builder
		tw := tabwriter.NewWriter(&head, 0, 4, 2, ' ', 0)
		for _, p := range e.Params {
			def := string(p.Default)
			if utf8.RuneCountInString(def) > inlineDefault {
				def = "(below)"
			}
			fmt.Fprintf(tw, "    %s\t%s\tdefault %s\n", p.Name, p.Type, def)
		}
		if err := tw.Flush(); err != nil {
			return fmt.Errorf("list %s: %w", e.Info.Name, err)
		}
		heads := strings.Split(strings.TrimSuffix(head.String(), "\n"), "\n")
		for k, p := range e.Params {
			b.WriteString(strings.TrimRight(heads[k], " ") + "\n")
			if p.Doc != "" {
				wrap(&b, p.Doc, "        ", "        ", " ")
			}
			if def := string(p.Default); utf8.RuneCountInString(def) > inlineDefault {
				wrap(&b, "default "+def, "        ", "          ", ",")
			}
		}
	}
	_, err := io.WriteString(out, b.String())
	return err
}

// wrap writes text as lines of at most listWidth columns, the first
// prefixed by first and the rest by rest, breaking after sep (a space is
// dropped at the break, any other separator kept). A piece longer than a
// line is cut at the limit.
func wrap(b *strings.Builder, text, first, rest, sep string) {
	var pieces []string
	if sep == " " {
		pieces = strings.Fields(text)
	} else {
		pieces = strings.SplitAfter(text, sep)
	}
	line, prefix := first, first
	flush := func() {
		b.WriteString(strings.TrimRight(line, " ") + "\n")
		prefix = rest
		line = rest
	}
	for _, p := range pieces {
		join := p
		if sep == " " && line != prefix {
			join = " " + p
		}
		if utf8.RuneCountInString(line)+utf8.RuneCountInString(join) > listWidth && line != prefix {
			flush()
			join = p
		}
		for utf8.RuneCountInString(line)+utf8.RuneCountInString(join) > listWidth {
			r := []rune(join)
			n := listWidth - utf8.RuneCountInString(line)
			line += string(r[:n])
			join = string(r[n:])
			flush()
		}
		line += join
	}
	if line != prefix || line == first {
		flush()
	}
}
