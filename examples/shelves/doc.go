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
// A product's Category is its SKU id, kind or brand (category_level);
// Object.Meta always holds "sku", "kind", "brand", "category" (the
// product category, such as "soft-drink"), "pose" (upright, fallen or
// turned) and, for a product standing among others of an unrelated
// category, "misplaced": "true". Meta maps are shared between objects and
// must not be modified.
//
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
// white-balanced as a phone would, with ambient and a weak fill. To keep
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
