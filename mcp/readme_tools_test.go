package mcp

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/anthdm/hollywood/actor"
	"github.com/stretchr/testify/require"
)

// readmePath is the repository README, whose "## Tools" table documents
// every tool for people.
const readmePath = "../README.md"

// readmeToolRow matches a row of the tools table: | `name(a, b?)` | ... |
var readmeToolRow = regexp.MustCompile("^\\|\\s*`([a-z_]+)\\(([^)]*)\\)`\\s*\\|")

// readmeTools parses the README's tool table into tool → parameters, each
// parameter ending in "?" when optional.
func readmeTools(t *testing.T) map[string][]string {
	t.Helper()
	raw, err := os.ReadFile(readmePath)
	require.NoError(t, err, "the README documents the tools")
	_, section, ok := strings.Cut(string(raw), "\n## Tools\n")
	require.True(t, ok, "README has no \"## Tools\" section")
	if end := strings.Index(section, "\n## "); end >= 0 {
		section = section[:end]
	}
	tools := map[string][]string{}
	for line := range strings.SplitSeq(section, "\n") {
		m := readmeToolRow.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		_, dup := tools[m[1]]
		require.False(t, dup, "README lists %s twice", m[1])
		var params []string
		for p := range strings.SplitSeq(m[2], ",") {
			if p = strings.TrimSpace(p); p != "" {
				params = append(params, p)
			}
		}
		tools[m[1]] = params
	}
	return tools
}

// TestReadmeToolTableMatchesTheServer keeps the README honest: every tool
// the server registers has a row, with its parameters (optional ones
// marked "?") exactly as its input schema declares them, and every row is a
// registered tool. It reads the server's own list, so a new tool only needs
// its README row.
func TestReadmeToolTableMatchesTheServer(t *testing.T) {
	e, err := actor.NewEngine(actor.NewEngineConfig())
	require.NoError(t, err)
	s := NewServer(Options{Name: "test", Version: "0.0.0"})
	s.Bind(e, actor.NewPID(e.Address(), "system/readme"))
	registered := s.MCP().ListTools()
	require.NotEmpty(t, registered)

	documented := readmeTools(t)
	for name, st := range registered {
		t.Run(name, func(t *testing.T) {
			got, ok := documented[name]
			require.True(t, ok, "tool %s is not in the README's tool table: add a row `%s(...)`", name, name)
			var want []string
			for prop := range st.Tool.InputSchema.Properties {
				if slices.Contains(st.Tool.InputSchema.Required, prop) {
					want = append(want, prop)
				} else {
					want = append(want, prop+"?")
				}
			}
			require.ElementsMatch(t, want, got,
				"README parameters of %s differ from its input schema (optional ones end in ?)", name)
		})
	}
	for name := range documented {
		_, ok := registered[name]
		require.True(t, ok, "the README documents %s, which the server does not register", name)
	}
}
