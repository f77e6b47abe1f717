// Package shelves is synthkit's flagship generator: dense supermarket
// shelves as a phone photographs them, for training detectors that must
// find every product on a shelf (SKU-110K-like data: about 150 products an
// image, thousands of SKUs). It is registered as "shelves".
//
// # What a sample contains
//
// A run of gondola bays stands along the x axis with its back panels in
// the plane z = 0, facing +z; the floor is y = 0 and +y is up. Each bay
// has a plinth with a base deck, evenly spaced boards above it (their
// spacing follows the heights of the products the bay holds) with a
// shelf-edge strip and price tags on each front edge, uprights between
// bays, a top cap and end panels; now and then a bay is a pegboard whose
// hooks hold blister packs and bags. Fixture finishes are drawn per
// sample: metal greys, white or black paint, wood; back panels plain, in a
// store colour or perforated.
//
// Scene.Objects holds first the products (instance ids 1..n), then the
// context: price tags, fixtures and the floor, all with an empty Category
// so label writers do not annotate them. Only products whose bounding box
// may be in view are in the scene.
//
// # Products
//
// Every product is one object: a model's parts (a bottle and its cap) are
// merged into one mesh with one texture atlas (package scene/merge) when
// the library is built, so that an instance label covers the whole
// product. Models come from
// the procedural SKU kit (package product; procedural_skus products built
// once in New) or from a catalogue of GLB files with a catalogue.json (the
// catalogue param, a path in the job's assets). A catalogue is read on
// first use and each model loaded once, when a sample first places it,
// through a gltf.Cache; only the merged copy is kept, with textures
// shrunk to texture_px, so 2,000 SKUs fit in well under 2 GB.
//
// The kit's finishes survive the merge (scene/merge bakes each part's
// into atlases): matte cardboard, glossy film with crinkles, metallised
// chips bags and printed aluminium cans (foil where the print leaves the
// ground bare), metal can ends and glossy caps. With clear_packaging
// (off by default, as blending costs about a fifth of the sample time)
// PET bottles and blister bubbles are see-through plastic over their
// contents (a liquid, a printed slab); their products are still labelled
// as opaque (see_through "true" is added to their Meta by package
// labels), so their boxes and masks cover the whole bottle.
//
// A product's Category is its SKU id, kind or brand (category_level), or
// "unknown" for a product of the null set (below). Object.Meta holds the
// product's attributes, every key in every product (keys are identifiers,
// values strings; each object has its own map, which must not be
// modified):
//
//	sku        the SKU id (also for a null-set product: its own id)
//	brand      the brand name
//	kind       the packaging kind: bottle, can, carton, box, bag, jar, blister
//	category   the product category, such as "soft-drink"
//	pose       upright, fallen (lying on its back, face or side) or turned
//	misplaced  "true" for a stray among an unrelated SKU's facings, else "false"
//	facing     index of its facing (slot) on the board, left to right from 0
//	row        index one behind another in its facing, 0 the front product
//	board      index of its board in the bay, 0 the base deck; -1 on a pegboard
//	bay        index of its bay, left to right among the bays built, from 0
//	null_set   "true" for a null-set product, else "false"
//
// On a pegboard, facing is the hook's index in the bay and row the
// position along the hook, from its tip.
//
// # Shelf truth
//
// Scene.Annotations holds the shelf's structure, exact from the
// placements, in package retail's vocabulary: per board a shelf_row (its
// shelf-edge strip object and the strip's top front edge as a line), per
// block of facings a price_tag (its quad, with the price exactly as drawn
// on the artwork, the SKU and the facing group it labels) and a facing
// group (its products, facing count, products and stock depth), per
// planned facing a planogram_slot (the slot's space as a region plus its
// products, with the planned and actual SKU and the slot's state) and,
// where nothing stands at its front, an empty_facing region of kind
// "empty" (no product) or "partly_sold" (products pushed back, at least
// one product's depth free at the front edge). A stray's slot plans
// another facing of the SKU it stands next to. Package labels turns them
// into image labels (ExtractAnnotations) and package retail into the
// planogram and KPIs.
//
// # Null set
//
// With null_share > 0 a fraction of the blocks of facings is stocked with
// look-alikes that are not in the target catalogue: procedurally, the
// twin of a target SKU with the same brand, kind, variant and size but
// another flavour and design; from a catalogue, its entries flagged
// "null_set": true (or those of null_catalogue), of the same product
// category. They are labelled "unknown" (listed last in Categories) with
// null_set "true" in their Meta.

// # Placement
//
// Bays are stocked category by category, neighbours often alike. A board
// holds SKUs of its bay's category that fit under the next board, grouped
// by brand, each in a block of 1–6 facings with its price tag under the
// first; a facing holds up to rows_deep products one behind another,
// pulled to the front edge (possibly overhanging it a little) or pushed
// back. Some SKUs are out of stock, some facings partly sold, some front
// products fallen over or turned round, some strays misplaced.
//
// Every product gets a cell on its board (a facing's width times a row's
// depth) that no other cell overlaps, and is turned and shifted only as
// far as the box bounding its rotated model stays inside the cell; it
// stands on the board, no taller than the clearance under the next one.
// So no two products interpenetrate and none crosses a board or fixture;
// the tests check this from the scene geometry alone.
//
// # Camera and light
//
// The camera is a phone held in the aisle: 0.8–3 m from the shelf (a
// truncated normal around 1.3 m), 1.0–1.7 m high, turned up to 25° from
// the shelf's normal, tilted to look at a point on the shelf front and
// rolled a few degrees, with a 50–75° horizontal field of view. Light
// comes from a row of ceiling strip lights above the aisle at 3000–6500 K,
// white-balanced as a phone would, with a weak fill, and from the store
// around the aisle: with environment "store" (the default) an image-based
// light, a procedural supermarket interior (scene/envmap's Store: rows of
// strip lights along the aisle, ceiling, shelving, a glossy floor; one of
// four maps drawn from asset_seed, turned up to 10° either way and seen
// from either end of the aisle), whose intensity gives a surface facing
// the aisle the ambient param's level; glossy and metallic packaging
// reflects it. With environment "none" a flat ambient light of that level
// replaces it. To keep
// shading cheap only the two strips nearest the view are point lights;
// the farther ones and the fill are merged into one directional light
// that gives the same irradiance at the centre of the view. Both
// renderers shadow directional lights that set CastShadows (package scene,
// "Shadows"), but point lights are never shadowed and the merged light,
// standing for many strips, sets no CastShadows; so the shade of the board
// above is drawn as darker material variants of the products deep under
// it.
//
// # Randomness and cost
//
// Every random draw of a sample comes from the Context's Rand, so a
// sample depends only on (job seed, index, params, assets). The
// procedural catalogue and the price-tag artwork are drawn once, in New,
// from asset_seed. For samples per second and the time per stage (scene,
// render, post-effects, encode, labels) see the README's performance
// table, or run `synth bench shelves` on the machine at hand.
package shelves
