// Package messages is the vocabulary of the real-time system: the decoded
// Polymarket events, the events a subscription stores and delivers, and the
// commands, queries and replies exchanged between the MCP layer and the
// actors.
//
// Naming rules:
//   - decoded wire events end in Event (BookEvent, PriceChangeEvent);
//   - ask-style pairs are XxxRequest / XxxResponse;
//   - one-way commands and facts are plain nouns or verbs (SessionClosed).
//
// Every message is plain data: no channels, funcs or pointers to shared
// state, so that it could cross a machine boundary. Slices inside a message
// are treated as immutable once sent.
//
// The package also holds the pure wire decoders: DecodeMarketFrame (CLOB
// market channel), DecodeUserFrame (CLOB user channel) and DecodeRTDSFrame
// (Real-Time Data Service). They perform no I/O, start no goroutines, never
// panic (each has a fuzz target), and keep every decimal and timestamp as
// the exact text Polymarket sent.
package messages
