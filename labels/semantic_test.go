package labels

import (
	"bytes"
	"errors"
	"slices"
	"strconv"
	"testing"
)

func TestClassTable(t *testing.T) {
	tab, err := NewClassTable("can", "box", "can", "bottle")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		id   uint16
		ok   bool
	}{{"can", 1, true}, {"box", 2, true}, {"bottle", 3, true}, {"jar", 0, false}} {
		if id, ok := tab.ID(c.name); id != c.id || ok != c.ok {
			t.Errorf("ID(%q) = %d, %v; want %d, %v", c.name, id, ok, c.id, c.ok)
		}
	}
	many := make([]string, 65536)
	for i := range many {
		many[i] = strconv.Itoa(i)
	}
	if _, err := NewClassTable(many...); err == nil {
		t.Error("65536 categories: no error")
	}
	if _, err := NewClassTable(many[:65535]...); err != nil {
		t.Errorf("65535 categories: %v", err)
	}
}

func TestCategoryMap(t *testing.T) {
	// flatScene alternates categories catA, catB, catA, ...
	f := artFrame(t, "113.22/113..2/333..2/....22",
		"###.../###.../###.../......",
		"....##/.....#/.....#/....##",
		"..#.../.##.../###.../......",
	)
	s := flatScene(6, 4, 3)
	tab := ClassTable{"catA": 7, "catB": 300}
	got, err := CategoryMap(s, f, tab.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := []uint16{
		7, 7, 7, 0, 300, 300,
		7, 7, 7, 0, 0, 300,
		7, 7, 7, 0, 0, 300,
		0, 0, 0, 0, 300, 300,
	}
	if !slices.Equal(got, want) {
		t.Errorf("CategoryMap = %v, want %v", got, want)
	}

	var buf bytes.Buffer
	if err := NewEncoder().EncodeGray16PNG(&buf, got, 6, 4); err != nil {
		t.Fatal(err)
	}
	back, w, h, err := DecodeGray16PNG(&buf)
	if err != nil || w != 6 || h != 4 || !slices.Equal(back, want) {
		t.Errorf("PNG round trip: %v %dx%d %v", back, w, h, err)
	}

	if _, err := CategoryMap(s, f, ClassTable{"catA": 1}.ID); err == nil {
		t.Error("unknown category: no error")
	}
	if _, err := CategoryMap(s, f, nil); err == nil {
		t.Error("nil classID: no error")
	}
	f.IDs[7] = 9
	if _, err := CategoryMap(s, f, tab.ID); !errors.Is(err, ErrMismatch) {
		t.Errorf("id out of range: err = %v, want ErrMismatch", err)
	}
	if _, err := CategoryMap(s, nil, tab.ID); !errors.Is(err, ErrMismatch) {
		t.Errorf("nil frame: err = %v, want ErrMismatch", err)
	}
}
