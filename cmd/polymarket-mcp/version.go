package main

import "runtime/debug"

// buildVersion is the version to report: the one make build stamps into
// version, else the module version go install records (v1.2.3 for
// "go install .../cmd/polymarket-mcp@v1.2.3"), else "dev".
func buildVersion() string {
	if version != "dev" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return version
}
