package bot

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
)

// userHash returns a short keyed hash of a user id, so logs can tell users
// apart without naming them. The key comes from Options.LogKey; without
// one, hashes are still keyed (by a per-process random key) and so only
// comparable within one run.
func (e *Engine) userHash(m Message) string {
	mac := hmac.New(sha256.New, e.logKey)
	mac.Write([]byte(m.Platform))
	mac.Write([]byte{0})
	mac.Write([]byte(m.UserID))
	return hex.EncodeToString(mac.Sum(nil)[:6])
}

func (e *Engine) msgAttrs(m Message) []slog.Attr {
	return []slog.Attr{
		slog.String("platform", string(m.Platform)),
		slog.String("user", e.userHash(m)),
		slog.Bool("group", m.Group),
	}
}

func errAttrs(m Message, err error) []slog.Attr {
	return []slog.Attr{
		slog.String("platform", string(m.Platform)),
		slog.String("error", err.Error()),
	}
}

func refAttr(ref string) slog.Attr     { return slog.String("ref", ref) }
func stackAttr(stack []byte) slog.Attr { return slog.String("stack", string(stack)) }
