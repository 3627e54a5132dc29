package mcp

import mcpserver "github.com/mark3labs/mcp-go/server"

// Hooks is the hook set of the MCP server, for a host that wants to hear
// of sessions too (the binary counts them for its metrics). Add hooks
// before serving: mcp-go reads the set without a lock.
func (s *Server) Hooks() *mcpserver.Hooks { return s.hooks }
