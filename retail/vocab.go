package retail

// Annotation categories a retail generator (examples/shelves) writes into
// scene.Scene.Annotations; package labels turns them into image labels.
const (
	// ShelfRow is a board's front edge: its Objects hold the shelf-edge
	// strip, its Line the strip's top front edge, left to right.
	ShelfRow = "shelf_row"
	// PriceTag is a price tag: its Objects hold the tag's quad; attributes
	// AttrPrice, AttrSKU and AttrGroup (the facing group it labels).
	PriceTag = "price_tag"
	// Facing is a facing group: a run of facings of one SKU on a board;
	// Objects hold its products; attributes AttrFacings, AttrProducts,
	// AttrDepth.
	Facing = "facing"
	// EmptyFacing is the space of a planned facing that holds no product
	// at the front: a Region, with AttrKind EmptyFull or EmptyPartly.
	EmptyFacing = "empty_facing"
	// Slot is one planned facing of the planogram: Region the slot's
	// space, Objects the products standing in it; attributes AttrPlanned,
	// AttrActual, AttrState and AttrWidth.
	Slot = "planogram_slot"
)

// Kinds of EmptyFacing (AttrKind): out of stock, and partly sold with the
// remaining products pushed back (at least one product's depth free at
// the front edge).
const (
	EmptyFull   = "empty"
	EmptyPartly = "partly_sold"
)

// Slot states (AttrState) of the realised planogram.
const (
	StateFilled    = "filled"    // the planned SKU stands there, front product upright
	StateEmpty     = "empty"     // no product in the slot
	StateMisplaced = "misplaced" // another SKU stands there
	StateFallen    = "fallen"    // the planned SKU, front product fallen over
	StateTurned    = "turned"    // the planned SKU, front product turned round
)

// Attribute keys of the annotations (and, for AttrSKU, AttrBrand, AttrBay,
// AttrBoard, AttrFacing and AttrNullSet, of product objects' Meta too).
const (
	AttrSKU      = "sku"
	AttrBrand    = "brand"
	AttrBay      = "bay"         // index of the bay, left to right among those built
	AttrBoard    = "board"       // index of the board in its bay, 0 the base deck; -1 a pegboard
	AttrFacing   = "facing"      // index of the slot on its board, left to right
	AttrGroup    = "group"       // id of a facing group: "bay.board.block"
	AttrPrice    = "price"       // the price printed on a tag, exactly as drawn
	AttrName     = "name"        // the product name a tag is for
	AttrFacings  = "facings"     // facing count of a group
	AttrProducts = "products"    // products in a group or slot
	AttrDepth    = "depth"       // stock depth: most products one behind another in a facing
	AttrKind     = "kind"        // EmptyFull or EmptyPartly (for EmptyFacing)
	AttrPlanned  = "planned_sku" // what the plan puts in a slot
	AttrActual   = "actual_sku"  // what stands there; "" when empty
	AttrPlannedB = "planned_brand"
	AttrActualB  = "actual_brand"
	AttrState    = "state"   // a slot's State*
	AttrWidth    = "width_m" // a slot's width along the board, metres
	AttrNullSet  = "null_set"
	// Of product objects only:
	AttrPose      = "pose"      // PoseUpright, PoseFallen or PoseTurned
	AttrMisplaced = "misplaced" // "true" for a stray among another SKU's facings
)

// Poses of a product (AttrPose).
const (
	PoseUpright = "upright"
	PoseFallen  = "fallen" // lying on its back, face or side
	PoseTurned  = "turned" // showing its side or back
)
