// Package testutil holds the test doubles shared by the other packages'
// tests, and by the offline demo mode.
//
//   - FakePolymarket is a faithful fake of Polymarket's CLOB market channel
//     (/ws/market) and of the CLOB REST lookup GET /markets/{condition_id},
//     served over real HTTP and WebSocket on 127.0.0.1. It keeps order books,
//     mirrors every price change onto the sibling token at 1−p like the real
//     exchange, records every frame clients send, and injects faults (drops,
//     close codes, refused handshakes, silent and frozen connections). Use it
//     to test the gorilla transport and end-to-end flows. It also serves the
//     Real-Time Data Service at RTDSURL (crypto prices with backfills, public
//     trades, the error envelope, lapses; see rtds.go), and the
//     authenticated CLOB user channel at UserURL with the REST it needs
//     (derive-api-key checking L1 signatures, open orders and trades
//     checking L2 signatures; see user.go).
//   - FakeDialer and FakeConn are a socket-free, channel-backed connection
//     for actor tests inside testing/synctest bubbles. They match the
//     actors.Dialer and actors.Conn contracts structurally.
//   - NewMarketFixture builds deterministic, realistic-looking markets
//     (0x+64-hex condition ids, 76–78 digit token ids, a small book around
//     0.5 mirrored on the sibling token).
//
// testutil must not import package actors: actors' own tests import
// testutil, and the reverse import would be a cycle. It may import the
// leaf package actors/clobauth, whose signatures it verifies. Tests adapt the fake
// dialer with actors.DialerFunc (see FakeDialer).
//
// Prices, sizes and timestamps stay decimal strings throughout; the 1−p
// mirror is computed on the digits, never through float64.
package testutil
