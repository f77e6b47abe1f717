package product

import (
	"image/color"
	"slices"
)

// Kind is the packaging shape of a product.
type Kind string

// Product kinds.
const (
	// Bottle is a PET or glass bottle: lathed body with a base, shoulder
	// and neck, and a screw or crown cap as a second part.
	Bottle Kind = "bottle"
	// Can is a beverage or food can with bevelled rims and metal ends.
	Can Kind = "can"
	// Carton is a gable-top carton (milk, juice) with a sealing fin.
	Carton Kind = "carton"
	// Box is a folding-carton box (cereal, tea, pasta).
	Box Kind = "box"
	// Bag is a pillow bag (crisps, sweets) with flattened sealed ends.
	Bag Kind = "bag"
	// Jar is a wide glass jar with a lid as a second part.
	Jar Kind = "jar"
	// Blister is a blister pack: a printed card with a clear bubble as a
	// second part, standing upright with the bubble facing +z.
	Blister Kind = "blister"
)

// Kinds returns every product kind, in a fixed order.
func Kinds() []Kind { return []Kind{Bottle, Can, Carton, Box, Bag, Jar, Blister} }

func (k Kind) valid() bool { return slices.Contains(Kinds(), k) }

// size is one nominal pack size of a variant. Dimensions are metres: for
// lathed kinds w = d = diameter; h is the full height including caps and
// lids; for blisters d includes the bubble.
type size struct {
	label   string
	w, h, d float64
}

// flavour is a product line within a variant, with its signature colour.
type flavour struct {
	name string
	col  color.NRGBA
}

// variant is a kind of product with realistic sizes and flavours.
type variant struct {
	kind     Kind
	name     string
	category string
	sizes    []size
	flavours []flavour
}

// sizeJitter is the relative random variation of each dimension around a
// nominal size.
const sizeJitter = 0.04

// variants lists every product variant. It is a read-only table.
var variants = []variant{
	{Bottle, "water", "water", []size{{"0.33 L", 0.058, 0.175, 0}, {"0.5 L", 0.065, 0.215, 0}, {"1.5 L", 0.089, 0.305, 0}},
		[]flavour{{"Still", rgb(90, 160, 220)}, {"Sparkling", rgb(30, 90, 190)}, {"Lemon", rgb(235, 210, 40)}, {"Mineral", rgb(60, 170, 170)}}},
	{Bottle, "soda", "soft-drink", []size{{"0.5 L", 0.065, 0.228, 0}, {"1 L", 0.080, 0.285, 0}, {"2 L", 0.105, 0.330, 0}},
		[]flavour{{"Cola", rgb(70, 25, 15)}, {"Orange", rgb(245, 130, 20)}, {"Lemon Lime", rgb(120, 190, 40)}, {"Cherry", rgb(170, 20, 45)}, {"Ginger", rgb(215, 175, 90)}}},
	{Bottle, "beer", "beer", []size{{"0.33 L", 0.061, 0.230, 0}, {"0.5 L", 0.070, 0.255, 0}},
		[]flavour{{"Lager", rgb(225, 175, 40)}, {"Pils", rgb(240, 210, 90)}, {"IPA", rgb(210, 110, 30)}, {"Stout", rgb(40, 25, 20)}, {"Weiss", rgb(245, 225, 160)}}},
	{Can, "drink", "soft-drink", []size{{"330 ML", 0.066, 0.115, 0}, {"250 ML", 0.053, 0.134, 0}, {"500 ML", 0.066, 0.168, 0}},
		[]flavour{{"Cola", rgb(160, 20, 25)}, {"Orange", rgb(245, 130, 20)}, {"Lemon", rgb(240, 215, 40)}, {"Energy", rgb(40, 200, 90)}, {"Zero", rgb(20, 20, 25)}}},
	{Can, "beer", "beer", []size{{"330 ML", 0.066, 0.115, 0}, {"440 ML", 0.066, 0.147, 0}, {"500 ML", 0.066, 0.168, 0}},
		[]flavour{{"Lager", rgb(225, 175, 40)}, {"Pale Ale", rgb(230, 140, 40)}, {"Stout", rgb(40, 25, 20)}, {"Radler", rgb(240, 215, 40)}}},
	{Can, "food", "canned-food", []size{{"400 G", 0.074, 0.110, 0}, {"200 G", 0.065, 0.075, 0}, {"800 G", 0.099, 0.118, 0}},
		[]flavour{{"Tomatoes", rgb(215, 40, 30)}, {"Beans", rgb(200, 110, 50)}, {"Sweetcorn", rgb(245, 200, 40)}, {"Peas", rgb(90, 170, 50)}, {"Soup", rgb(220, 120, 40)}}},
	{Carton, "milk", "milk", []size{{"1 L", 0.070, 0.245, 0}, {"0.5 L", 0.070, 0.148, 0}, {"1.75 L", 0.095, 0.262, 0}},
		[]flavour{{"Whole", rgb(30, 80, 180)}, {"Semi", rgb(40, 150, 70)}, {"Skimmed", rgb(90, 170, 230)}, {"Chocolate", rgb(110, 60, 30)}}},
	{Carton, "juice", "juice", []size{{"1 L", 0.070, 0.245, 0}, {"1.75 L", 0.095, 0.262, 0}},
		[]flavour{{"Orange", rgb(245, 140, 20)}, {"Apple", rgb(120, 190, 40)}, {"Multifruit", rgb(230, 60, 80)}, {"Grape", rgb(110, 40, 120)}}},
	{Box, "cereal", "cereal", []size{{"375 G", 0.190, 0.285, 0.065}, {"500 G", 0.220, 0.310, 0.070}, {"750 G", 0.260, 0.360, 0.085}},
		[]flavour{{"Corn Flakes", rgb(240, 170, 30)}, {"Honey Rings", rgb(235, 190, 60)}, {"Choco Puffs", rgb(100, 55, 30)}, {"Muesli", rgb(180, 130, 70)}, {"Granola", rgb(200, 120, 50)}}},
	{Box, "tea", "tea", []size{{"20 BAGS", 0.140, 0.075, 0.065}, {"40 BAGS", 0.160, 0.085, 0.080}},
		[]flavour{{"Earl Grey", rgb(60, 60, 130)}, {"Green Tea", rgb(80, 160, 60)}, {"Mint", rgb(40, 180, 140)}, {"Camomile", rgb(240, 200, 60)}, {"Breakfast", rgb(150, 40, 30)}}},
	{Box, "pasta", "pasta", []size{{"500 G", 0.105, 0.230, 0.050}, {"1 KG", 0.125, 0.265, 0.065}},
		[]flavour{{"Spaghetti", rgb(30, 70, 160)}, {"Penne", rgb(200, 40, 40)}, {"Fusilli", rgb(40, 140, 70)}, {"Farfalle", rgb(240, 170, 30)}}},
	{Bag, "chips", "crisps", []size{{"150 G", 0.190, 0.280, 0.075}, {"40 G", 0.130, 0.185, 0.045}, {"200 G", 0.220, 0.320, 0.085}},
		[]flavour{{"Salted", rgb(40, 110, 200)}, {"Paprika", rgb(220, 60, 30)}, {"Sour Cream", rgb(60, 170, 80)}, {"Salt & Vinegar", rgb(70, 190, 220)}, {"Cheese", rgb(245, 180, 30)}}},
	{Bag, "candy", "sweets", []size{{"200 G", 0.150, 0.210, 0.040}, {"100 G", 0.120, 0.170, 0.030}},
		[]flavour{{"Fruit Gums", rgb(230, 40, 110)}, {"Mints", rgb(60, 200, 180)}, {"Toffee", rgb(170, 100, 40)}, {"Sour Mix", rgb(150, 220, 40)}}},
	{Jar, "jam", "jam", []size{{"340 G", 0.072, 0.105, 0}, {"450 G", 0.075, 0.130, 0}},
		[]flavour{{"Strawberry", rgb(200, 20, 40)}, {"Apricot", rgb(240, 140, 30)}, {"Blueberry", rgb(60, 40, 110)}, {"Raspberry", rgb(190, 20, 80)}, {"Cherry", rgb(130, 10, 30)}}},
	{Jar, "honey", "honey", []size{{"250 G", 0.068, 0.095, 0}, {"500 G", 0.078, 0.120, 0}},
		[]flavour{{"Flower", rgb(240, 170, 20)}, {"Acacia", rgb(245, 210, 90)}, {"Forest", rgb(160, 90, 20)}, {"Clover", rgb(230, 190, 60)}}},
	{Jar, "pickles", "pickles", []size{{"720 ML", 0.095, 0.155, 0}, {"370 ML", 0.078, 0.120, 0}},
		[]flavour{{"Gherkins", rgb(80, 120, 40)}, {"Olives", rgb(60, 80, 30)}, {"Peppers", rgb(200, 50, 30)}, {"Beetroot", rgb(120, 20, 60)}}},
	{Jar, "spread", "spread", []size{{"350 G", 0.082, 0.100, 0}, {"750 G", 0.095, 0.130, 0}},
		[]flavour{{"Peanut", rgb(190, 130, 60)}, {"Hazelnut", rgb(110, 60, 30)}, {"Almond", rgb(220, 190, 140)}, {"Crunchy", rgb(170, 110, 50)}}},
	{Blister, "batteries", "batteries", []size{{"4 AA", 0.095, 0.175, 0.018}, {"8 AA", 0.130, 0.190, 0.018}, {"4 AAA", 0.085, 0.160, 0.014}},
		[]flavour{{"Alkaline", rgb(230, 120, 20)}, {"Ultra", rgb(30, 30, 35)}, {"Lithium", rgb(40, 120, 220)}, {"Recharge", rgb(60, 180, 70)}}},
	{Blister, "gadget", "accessories", []size{{"1 PC", 0.120, 0.200, 0.028}, {"2 PCS", 0.140, 0.220, 0.030}},
		[]flavour{{"USB Cable", rgb(40, 40, 45)}, {"Earbuds", rgb(240, 240, 240)}, {"Memory Card", rgb(30, 90, 200)}, {"Charger", rgb(210, 40, 40)}}},
}

// variantsOf returns the variants of kind k, in table order.
func variantsOf(k Kind) []*variant {
	var out []*variant
	for i := range variants {
		if variants[i].kind == k {
			out = append(out, &variants[i])
		}
	}
	return out
}

// findVariant returns the variant of kind k named name.
func findVariant(k Kind, name string) (*variant, bool) {
	for _, v := range variantsOf(k) {
		if v.name == name {
			return v, true
		}
	}
	return nil, false
}

// Variants returns the variant names of kind k (nil for an unknown kind).
func Variants(k Kind) []string {
	var out []string
	for _, v := range variantsOf(k) {
		out = append(out, v.name)
	}
	return out
}

// vref names a variant in a sector.
type vref struct {
	kind Kind
	name string
}

// sector is a product family a brand makes.
type sector struct {
	name     string
	variants []vref
}

// sectors lists the product families. It is a read-only table.
var sectors = []sector{
	{"beverages", []vref{{Bottle, "water"}, {Bottle, "soda"}, {Can, "drink"}, {Carton, "juice"}}},
	{"brewery", []vref{{Bottle, "beer"}, {Can, "beer"}}},
	{"dairy", []vref{{Carton, "milk"}, {Carton, "juice"}}},
	{"breakfast", []vref{{Box, "cereal"}, {Box, "tea"}, {Jar, "jam"}, {Jar, "honey"}, {Jar, "spread"}}},
	{"snacks", []vref{{Bag, "chips"}, {Bag, "candy"}, {Can, "drink"}}},
	{"pantry", []vref{{Can, "food"}, {Jar, "pickles"}, {Box, "pasta"}}},
	{"household", []vref{{Blister, "batteries"}, {Blister, "gadget"}}},
}

// Sectors returns the names of the product families brands belong to.
func Sectors() []string {
	out := make([]string, len(sectors))
	for i, s := range sectors {
		out[i] = s.name
	}
	return out
}

func sectorByName(name string) (*sector, bool) {
	for i := range sectors {
		if sectors[i].name == name {
			return &sectors[i], true
		}
	}
	return nil, false
}
