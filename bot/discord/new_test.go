package discord

import (
	"strings"
	"testing"
	"time"
)

func TestNewValidatesOptions(t *testing.T) {
	const secret = "sekret-token-value"
	tests := []struct {
		name    string
		opts    Options
		wantErr string // substring; "" means success
	}{
		{"minimal", Options{Token: secret}, ""},
		{"Bot prefix accepted", Options{Token: "Bot " + secret}, ""},
		{"everything", Options{Token: secret, GuildIDs: []string{testGuild}, Channels: []string{testChan},
			AskVisibility: AskEphemeral, HelperRole: testRole, APIBase: "http://127.0.0.1:1"}, ""},
		{"no token", Options{}, "no bot token"},
		{"blank token", Options{Token: "  "}, "no bot token"},
		{"token with blanks", Options{Token: secret + " x"}, "blanks"},
		{"bad visibility", Options{Token: secret, AskVisibility: "secret"}, "ask_visibility"},
		{"bad guild id", Options{Token: secret, GuildIDs: []string{"my-server"}}, "guild_ids"},
		{"bad channel id", Options{Token: secret, Channels: []string{"#general"}}, "channels"},
		{"bad role", Options{Token: secret, HelperRole: "@helpers"}, "helper_role"},
		{"bad api base", Options{Token: secret, APIBase: "ftp://x"}, "api_base"},
		{"api base without host", Options{Token: secret, APIBase: "http://"}, "api_base"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, err := New(&engine{}, nil, tc.opts)
			if tc.wantErr == "" {
				if err != nil || a == nil {
					t.Fatalf("New: %v", err)
				}
				if a.Ready() {
					t.Errorf("Ready before Run")
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("New error = %v, want one mentioning %q", err, tc.wantErr)
			}
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error shows the token: %v", err)
			}
		})
	}
	if _, err := New(nil, nil, Options{Token: secret}); err == nil {
		t.Errorf("New without a handler succeeded")
	}
}

func TestCooldown(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	c := newCooldown(10*time.Minute, func() time.Time { return now })
	steps := []struct {
		name    string
		advance time.Duration
		user    string
		undo    bool
		want    bool
	}{
		{"first", 0, "a", false, true},
		{"again at once", 0, "a", false, false},
		{"someone else", 0, "b", false, true},
		{"just before the period", 10*time.Minute - time.Second, "a", false, false},
		{"after the period", time.Second, "a", false, true},
		{"undone", 0, "a", true, true},
	}
	for _, s := range steps {
		now = now.Add(s.advance)
		if s.undo {
			c.undo(s.user)
		}
		if got := c.allow(s.user); got != s.want {
			t.Errorf("%s: allow = %v, want %v", s.name, got, s.want)
		}
	}
}

func TestPageCache(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	p := newPageCache(2, time.Hour, func() time.Time { return now })
	k1 := p.put([]string{"one"}, nil)
	k2 := p.put([]string{"two"}, nil)
	if e, ok := p.get(k1); !ok || e.pages[0] != "one" {
		t.Errorf("get(k1) = %v, %v", e, ok)
	}
	k3 := p.put([]string{"three"}, []button{{Label: "More tips", ID: "more:x"}})
	if _, ok := p.get(k1); ok {
		t.Errorf("the oldest entry survived past the cap")
	}
	if e, ok := p.get(k3); !ok || len(e.last) != 1 || len(k3) != 12 {
		t.Errorf("get(k3) = %v, %v; key %q", e, ok, k3)
	}
	now = now.Add(time.Hour + time.Second)
	if _, ok := p.get(k2); ok {
		t.Errorf("an expired entry was returned")
	}
	if len(pageID(k3, 19)) > maxCustomID {
		t.Errorf("page custom_id too long")
	}
}
