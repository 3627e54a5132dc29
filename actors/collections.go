package actors

import "slices"

// sortedUnique returns ids sorted with duplicates and empty ids removed.
func sortedUnique(ids []string) []string {
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if id != "" {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// nonNilSlice is s, or an empty slice for nil: it encodes as [] in JSON.
func nonNilSlice[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
