package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/synthkit/synthkit/export"
)

// newExportCmd is `synth export coco|yolo DATASET -o DIR`.
func newExportCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write a dataset as COCO, Ultralytics YOLO or Hugging Face (Arrow stream) files",
		Long: `Write a dataset as files other tools read. Images are copied as they are
(PNG, or JPEG when the job wrote JPEG) and named after the sample index
(000000042.png); splits are assigned by a hash of the sample index, so
they are the same on every run. See the documentation of package export
for every convention.`,
	}
	cmd.AddCommand(newExportCOCOCmd(), newExportYOLOCmd(), newExportHFCmd())
	return cmd
}

// exportFlags are the flags both formats share.
type exportFlags struct {
	output     string
	splits     string
	minVisible float64
	include    string
	overwrite  bool
	read       readFlags
}

func (f *exportFlags) register(cmd *cobra.Command, splitsDefault, splitsHelp string) {
	fl := cmd.Flags()
	fl.StringVarP(&f.output, "output", "o", "", "output directory (required; must be empty unless --overwrite)")
	fl.StringVar(&f.splits, "splits", splitsDefault, splitsHelp)
	fl.Float64Var(&f.minVisible, "min-visible", 0, "leave out objects whose visible fraction is below this (0..1); fully occluded objects are always left out")
	fl.StringVar(&f.include, "include", "", "annotation categories to export as classes after the dataset's, e.g. shelf,tags,empty (aliases: shelf, tags, empty, facings, slots; needs the annotations column)")
	fl.BoolVar(&f.overwrite, "overwrite", false, "write into a non-empty output directory")
	f.read.register(cmd)
	cmd.MarkFlagRequired("output")
}

func newExportCOCOCmd() *cobra.Command {
	var f exportFlags
	cmd := &cobra.Command{
		Use:   "coco DATASET -o DIR",
		Short: "COCO instance segmentation: annotations.json with RLE masks, and images/",
		Long: `Write DATASET as COCO instance segmentation.

Without --splits: DIR/annotations.json and DIR/images/*.png.
With --splits:    DIR/{split}/annotations.json and DIR/{split}/images/*.png.

Category ids are the dataset's category_id + 1 (COCO ids start at 1), for
the whole category list. Each visible object is one annotation with a
compressed-RLE segmentation {"size":[h,w],"counts":...}, area = its pixel
count, bbox = the tight box of its mask, and iscrowd 0 (so COCOeval counts
it; iscrowd 1 would make it an ignore region), and "attributes": the
object's attributes (for shelves: sku, brand, kind, pose, misplaced, ...).

--include adds annotation categories of the annotations column as
categories of their own after the dataset's (supercategory "annotation"):
shelf (shelf_row, with its front edge as synthkit_line), tags (price_tag,
with price and sku), empty (empty_facing), facings, slots.`,
		Example: `  synth export coco out/ -o coco/
  synth export coco out/ -o coco/ --splits train=0.8,val=0.1,test=0.1 --min-visible 0.25
  synth export coco shelves/ -o coco/ --include shelf,tags,empty`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			splits, err := export.ParseSplits(f.splits)
			if err != nil {
				return err
			}
			include, err := export.ParseInclude(f.include)
			if err != nil {
				return fmt.Errorf("--include: %w", err)
			}
			sum, err := export.ExportCOCO(cmd.Context(), args[0], f.output, export.COCOOptions{
				Splits: splits, MinVisible: f.minVisible, Include: include, Overwrite: f.overwrite, Read: f.read.options(),
			})
			if err != nil {
				return fmt.Errorf("export: %w", err)
			}
			warnSkipped(cmd, sum.Skipped)
			fmt.Fprintf(cmd.OutOrStdout(), "COCO dataset in %s: %s\n", f.output, sum)
			warnEmptySplits(cmd, sum)
			return nil
		},
	}
	f.register(cmd, "", "split weights NAME=W,... (e.g. train=0.9,val=0.1); none writes one dataset")
	return cmd
}

func newExportYOLOCmd() *cobra.Command {
	var f exportFlags
	var task string
	var tolerance float64
	cmd := &cobra.Command{
		Use:   "yolo DATASET -o DIR",
		Short: "Ultralytics YOLO detection or segmentation: data.yaml, images/{split}, labels/{split}",
		Long: `Write DATASET in the Ultralytics YOLO layout: DIR/data.yaml,
DIR/images/{split}/*.png and DIR/labels/{split}/*.txt, one label file per
image (empty when it has no object). Split names are train, val and test.

--task detect writes "cls cx cy w h" rows (the tight box of the visible
mask, normalized); --task segment writes "cls x1 y1 x2 y2 ..." polygons:
one row per object, the outer outlines of the 8-connected parts of its
visible mask joined into one polygon by zero-width bridges (as Ultralytics'
merge_multi_segment), with vertices on pixel corners, simplified by
Douglas-Peucker at --tolerance pixels while each outline keeps an
IoU >= 0.95 with the exact one.

DIR/attributes.csv has one record per label row: split, image, label_row
(0-based line of the label file), class_id, class_name, instance_id (0 for
an included annotation), then one column per attribute key, sorted.
--include adds annotation categories as classes after the dataset's (see
synth export coco --help).`,
		Example: `  synth export yolo out/ -o yolo/
  synth export yolo shelves/ -o yolo/ --include shelf,tags,empty
  synth export yolo out/ -o yolo-seg/ --task segment --splits train=0.8,val=0.2`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			splits, err := export.ParseSplits(f.splits)
			if err != nil {
				return err
			}
			include, err := export.ParseInclude(f.include)
			if err != nil {
				return fmt.Errorf("--include: %w", err)
			}
			if tolerance == 0 {
				tolerance = -1 // 0 on the command line means no simplification
			}
			sum, err := export.ExportYOLO(cmd.Context(), args[0], f.output, export.YOLOOptions{
				Task: export.Task(task), Splits: splits, MinVisible: f.minVisible, Include: include,
				Tolerance: tolerance, Overwrite: f.overwrite, Read: f.read.options(),
			})
			if err != nil {
				return fmt.Errorf("export: %w", err)
			}
			warnSkipped(cmd, sum.Skipped)
			fmt.Fprintf(cmd.OutOrStdout(), "YOLO %s dataset in %s: %s\n", task, f.output, sum)
			warnEmptySplits(cmd, sum)
			return nil
		},
	}
	f.register(cmd, "train=0.9,val=0.1", "split weights among train, val and test, NAME=W,...; train is required")
	cmd.Flags().StringVar(&task, "task", string(export.Detect), "detect (boxes) or segment (polygons)")
	cmd.Flags().Float64Var(&tolerance, "tolerance", export.DefaultTolerance, "polygon simplification tolerance in pixels (segment); 0 keeps the exact pixel outline")
	return cmd
}

// warnEmptySplits tells on stderr about splits that got no sample.
func warnEmptySplits(cmd *cobra.Command, sum export.Summary) {
	for _, sp := range sum.Splits {
		if sp.Name != "" && sp.Images == 0 {
			fmt.Fprintf(cmd.ErrOrStderr(), "synth: warning: split %q got no sample of %d (splits follow a hash of the sample index, so small datasets stray from the weights)\n", sp.Name, sum.Images)
		}
	}
}

func newExportHFCmd() *cobra.Command {
	var (
		output    string
		overwrite bool
		read      readFlags
	)
	cmd := &cobra.Command{
		Use:   "hf DATASET -o DIR",
		Short: "The shards as Arrow IPC stream files, the format Hugging Face datasets' arrow builder opens",
		Long: `Write every shard of DATASET to DIR as an Arrow IPC stream file of the same
name, schema (with its huggingface features) and rows. Shards are IPC files
(random access, hashed in their sidecars); some versions of datasets' "arrow"
builder read only streams. Then, in Python:

  datasets.load_dataset("arrow", data_files="DIR/*.arrow", split="train")`,
		Example: "  synth export hf out/ -o hf/",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			res, err := export.ExportHFWith(cmd.Context(), args[0], output, export.HFOptions{Overwrite: overwrite, Read: read.options()})
			if err != nil {
				return err
			}
			warnSkipped(cmd, res.Skipped)
			fmt.Fprintf(cmd.OutOrStdout(), "%s: %d stream files\n", output, len(res.Files))
			return nil
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "output directory (required; must be empty unless --overwrite)")
	cmd.Flags().BoolVar(&overwrite, "overwrite", false, "write into a non-empty output directory")
	read.register(cmd)
	cmd.MarkFlagRequired("output")
	return cmd
}
