package mcp

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/anthdm/hollywood/actor"
	"github.com/stretchr/testify/require"
)

// update rewrites golden files: go test ./mcp -update
var update = flag.Bool("update", false, "rewrite testdata/toolsnaps golden files")

const toolsnapsDir = "testdata/toolsnaps"

// TestToolSchemaSnapshots pins every tool's name, description, annotations
// and input/output schemas, as registered on the server, to a reviewed
// golden file. A schema change must come with a deliberate -update.
func TestToolSchemaSnapshots(t *testing.T) {
	e, err := actor.NewEngine(actor.NewEngineConfig())
	require.NoError(t, err)
	s := NewServer(Options{Name: "test", Version: "0.0.0"})
	s.Bind(e, actor.NewPID(e.Address(), "system/snap"))

	registered := map[string]bool{}
	for name, st := range s.MCP().ListTools() {
		registered[name] = true
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetEscapeHTML(false) // keep "<" and ">" in descriptions readable
			enc.SetIndent("", "  ")
			require.NoError(t, enc.Encode(st.Tool))
			got := buf.Bytes()
			path := filepath.Join(toolsnapsDir, name+".json")
			if *update {
				require.NoError(t, os.MkdirAll(toolsnapsDir, 0o755))
				require.NoError(t, os.WriteFile(path, got, 0o644))
				return
			}
			want, err := os.ReadFile(path)
			if os.IsNotExist(err) {
				t.Fatalf("missing snapshot %s: run go test ./mcp -update and review it", path)
			}
			require.NoError(t, err)
			if !bytes.Equal(want, got) {
				require.JSONEq(t, string(want), string(got), "tool %s changed: review, then go test ./mcp -update", name)
				t.Fatalf("snapshot %s differs only in formatting: run go test ./mcp -update", path)
			}
		})
	}

	// A snapshot without a tool is a tool that was removed or renamed.
	files, err := filepath.Glob(filepath.Join(toolsnapsDir, "*.json"))
	require.NoError(t, err)
	var stale []string
	for _, f := range files {
		if name := strings.TrimSuffix(filepath.Base(f), ".json"); !registered[name] {
			stale = append(stale, f)
		}
	}
	sort.Strings(stale)
	require.Empty(t, stale, "snapshots of tools that no longer exist; delete them")
}
