package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDefaultIsValid(t *testing.T) {
	if err := Default().Validate(); err != nil {
		t.Fatalf("defaults: %v", err)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, yaml, wantErr string
	}{
		{"unknown top key", "telgram: {}\n", `line 1: unknown key "telgram" (did you mean "telegram"?)`},
		{"unknown nested key", "discord:\n  guild_id: [\"1\"]\n", `unknown key "discord.guild_id" (did you mean "discord.guild_ids"?)`},
		{"no suggestion for nonsense", "zzzzzz: 1\n", `unknown key "zzzzzz"`},
		{"bad type", "feedlog:\n  day_start_hour: soon\n", "bad value"},
		{"day start out of range", "feedlog:\n  day_start_hour: 25\n", "feedlog.day_start_hour: must be an hour from 0 to 23"},
		{"bad time zone", "feedlog:\n  default_timezone: Mars/Base\n", "feedlog.default_timezone"},
		{"bad log level", "log:\n  level: loud\n", "log.level"},
		{"bad listen", "http:\n  listen: nowhere\n", "http.listen"},
		{"telegram bad mode", "telegram:\n  enabled: true\n  mode: carrier-pigeon\n", "telegram.mode"},
		{"web bad listen", "web:\n  enabled: true\n  listen: nowhere\n", "web.listen"},
		{"web bad public url", "web:\n  enabled: true\n  public_url: nursling.example\n", "web.public_url"},
		{"web bad session env", "web:\n  enabled: true\n  session_key_env: \"1 x\"\n", "web.session_key_env"},
		{"telegram bad endpoint", "telegram:\n  enabled: true\n  api_endpoint: https://example.org/bot\n", "telegram.api_endpoint"},
		{"webhook needs https", "telegram:\n  enabled: true\n  mode: webhook\n  webhook:\n    listen: 127.0.0.1:8443\n    public_url: http://x\n", "telegram.webhook.public_url"},
		{"discord visibility", "discord:\n  enabled: true\n  ask_visibility: loud\n", "discord.ask_visibility"},
		{"discord ids", "discord:\n  enabled: true\n  channels: [general]\n", "is not a Discord id"},
		{"token in env name", "telegram:\n  enabled: true\n  token_env: \"123:ABC\"\n", "telegram.token_env"},
		{"bad yaml", "telegram: [\n", "bad YAML"},
		{"store driver", "store:\n  driver: mysql\n", "store.driver: must be sqlite or postgres"},
		{"store dsn env", "store:\n  driver: postgres\n  dsn_env: \"postgres://u:p@h/db\"\n", "store.dsn_env"},
		{"store unknown key", "store:\n  drivr: x\n", `did you mean "store.driver"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.yaml))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("err = %v, want it to contain %q", err, tt.wantErr)
			}
		})
	}
}

func TestParseOverridesDefaults(t *testing.T) {
	cfg, err := Parse([]byte("data_dir: /var/lib/nursling\ndiscord:\n  enabled: true\n  guild_ids: [\"123\"]\n  ask_visibility: ephemeral\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DataDir != "/var/lib/nursling" || !cfg.Discord.Enabled || cfg.Discord.AskVisibility != "ephemeral" {
		t.Errorf("parsed = %+v", cfg)
	}
	if cfg.Discord.TokenEnv != "DISCORD_BOT_TOKEN" || cfg.Telegram.APIEndpoint == "" {
		t.Error("defaults were lost for keys the file does not set")
	}
	if empty, err := Parse(nil); err != nil || empty.HTTP.Listen != "127.0.0.1:8080" {
		t.Errorf("an empty file gives the defaults: %v %v", empty.HTTP.Listen, err)
	}
}

func TestExampleConfigIsValid(t *testing.T) {
	if _, err := Load(filepath.Join("..", "config.example.yaml")); err != nil {
		t.Fatalf("config.example.yaml: %v", err)
	}
}

func TestSecretAndPermissions(t *testing.T) {
	t.Setenv("NURSLING_TEST_TOKEN", " abc ")
	if v, err := Secret("telegram.token_env", "NURSLING_TEST_TOKEN"); err != nil || v != "abc" {
		t.Errorf("Secret = %q, %v", v, err)
	}
	if _, err := Secret("telegram.token_env", "NURSLING_TEST_UNSET"); err == nil || !strings.Contains(err.Error(), "telegram.token_env") {
		t.Errorf("unset secret: %v", err)
	}
	path := filepath.Join(t.TempDir(), "c.yaml")
	os.WriteFile(path, []byte("{}"), 0o644)
	if w := PermissionWarning(path); w == "" {
		t.Error("a world-readable config should warn")
	}
	os.Chmod(path, 0o600)
	if w := PermissionWarning(path); w != "" {
		t.Errorf("private config warned: %s", w)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "telegram:\n  enabled: true\n", "discord: {channels: [\"1\"]}", "a: [", "data_dir: /tmp\nfeedlog: {day_start_hour: 4}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse(data)
		if err == nil {
			if verr := cfg.Validate(); verr != nil {
				t.Errorf("Parse accepted a config that Validate rejects: %v", verr)
			}
		}
	})
}

func TestStoreDefaults(t *testing.T) {
	d := Default()
	if d.Store.Driver != DriverSQLite || d.Store.DSNEnv != "NURSLING_POSTGRES_DSN" {
		t.Errorf("default store = %+v, want sqlite with dsn_env NURSLING_POSTGRES_DSN", d.Store)
	}
	c, err := Parse([]byte("store:\n  driver: postgres\n"))
	if err != nil || c.Store.Driver != DriverPostgres || c.Store.DSNEnv != "NURSLING_POSTGRES_DSN" {
		t.Errorf("postgres with the default dsn_env: %+v, %v", c.Store, err)
	}
}
