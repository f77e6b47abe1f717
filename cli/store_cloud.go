//go:build cloud

package cli

// With -tags cloud, synth opens file://, mem://, s3://, gs:// and azblob://
// URLs (store/cloud registers them through store/blob).
import _ "github.com/synthkit/synthkit/store/cloud"
