package dataset

import (
	"fmt"
	"regexp"
	"strconv"
)

// ShardFileName returns the name of shard k of n,
// "data-00003-of-00016.arrow": 5-digit zero-padded numbers, as Hugging
// Face datasets names its shards (wider when n exceeds 99999).
func ShardFileName(k, n int) string { return shardBase(k, n) + ".arrow" }

// SidecarFileName returns the name of the sidecar of shard k of n,
// "data-00003-of-00016.json".
func SidecarFileName(k, n int) string { return shardBase(k, n) + ".json" }

func shardBase(k, n int) string { return fmt.Sprintf("data-%05d-of-%05d", k, n) }

var shardNameRE = regexp.MustCompile(`^data-([0-9]{5,})-of-([0-9]{5,})\.(arrow|json)$`)

// ParseShardFileName parses a shard or sidecar file name into its shard
// index and count; ok is false for any other name.
func ParseShardFileName(name string) (k, n int, ext string, ok bool) {
	m := shardNameRE.FindStringSubmatch(name)
	if m == nil {
		return 0, 0, "", false
	}
	k, err1 := strconv.Atoi(m[1])
	n, err2 := strconv.Atoi(m[2])
	if err1 != nil || err2 != nil || n <= 0 || k >= n || shardBase(k, n)+"."+m[3] != name {
		return 0, 0, "", false
	}
	return k, n, m[3], true
}
