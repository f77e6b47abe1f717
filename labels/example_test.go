package labels_test

import (
	"fmt"

	"github.com/synthkit/synthkit/labels"
)

// A 3×4 mask, given row by row, in COCO's run-length encoding: runs go down
// each column, starting with background.
func ExampleEncodeMask() {
	mask := []bool{
		true, false, false, false,
		true, false, false, false,
		true, true, true, false,
	}
	r, err := labels.EncodeMask(mask, 3, 4)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Counts)
	fmt.Printf(`{"size": [%d, %d], "counts": %q}`+"\n", r.H, r.W, r.String())
	fmt.Println(r.Area(), r.BBox().COCO())

	back, err := labels.ParseRLE(3, 4, r.String())
	fmt.Println(back.Decode(), err)
	// Output:
	// [0 3 2 1 2 1 3]
	// {"size": [3, 4], "counts": "032N001"}
	// 5 [0 0 3 3]
	// [1 0 0 0 1 0 0 0 1 1 1 0] <nil>
}
