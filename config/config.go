// Package config loads and validates Nursling's YAML configuration. Every
// key has a default, so no file at all is a valid configuration (the
// terminal chat needs none). Unknown keys are errors with a did-you-mean;
// every problem names the key at fault. Secrets are never in the file:
// keys ending in _env name the environment variable that holds them.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Config is the whole configuration. The zero value is not valid: start
// from Default().
type Config struct {
	// DataDir holds the SQLite database (feed log, feedback, adapter state).
	DataDir   string    `yaml:"data_dir"`
	Store     Store     `yaml:"store"`
	Guide     Guide     `yaml:"guide"`
	Locale    Locale    `yaml:"locale"`
	FeedLog   FeedLog   `yaml:"feedlog"`
	Analytics Analytics `yaml:"analytics"`
	Log       Log       `yaml:"log"`
	HTTP      HTTP      `yaml:"http"`
	RateLimit RateLimit `yaml:"rate_limit"`
	Telegram  Telegram  `yaml:"telegram"`
	Discord   Discord   `yaml:"discord"`
	Web       Web       `yaml:"web"`
}

// Store chooses where the feed log lives.
type Store struct {
	// Driver is sqlite (one file in data_dir; the default) or postgres
	// (one database shared by several replicas).
	Driver string `yaml:"driver"`
	// DSNEnv names the variable holding the PostgreSQL DSN
	// (postgres://user:password@host:5432/db?sslmode=require); like the
	// tokens, the DSN is never written in the file.
	DSNEnv string `yaml:"dsn_env"`
}

// Store drivers.
const (
	DriverSQLite   = "sqlite"
	DriverPostgres = "postgres"
)

// Guide configures the curated guide.
type Guide struct {
	// ExtraDir adds a folder of Markdown articles at start-up.
	ExtraDir string `yaml:"extra_dir"`
}

// Locale says where the parents are, for the help an urgent reply leads
// with.
type Locale struct {
	// Country picks the emergency number and crisis lines: GB, US, CA, AU,
	// NZ or IE; empty gives international advice (findahelpline.com).
	Country string `yaml:"country"`
}

// Countries lists the locale.country values with helplines (those of
// bot/redflag/helplines.yaml; a test in cmd/nursling keeps them equal).
func Countries() []string { return []string{"AU", "CA", "GB", "IE", "NZ", "US"} }

// FeedLog configures the feed log.
type FeedLog struct {
	Enabled bool `yaml:"enabled"`
	// DayStartHour is when a day starts for /today (0-23).
	DayStartHour int `yaml:"day_start_hour"`
	// DefaultTimezone is a new household's time zone until /tz sets one.
	DefaultTimezone string `yaml:"default_timezone"`
}

// Analytics configures what curators can see.
type Analytics struct {
	// KeepUnanswered keeps no-match question text for 30 days.
	KeepUnanswered bool `yaml:"keep_unanswered"`
}

// Log configures logging.
type Log struct {
	Level  string `yaml:"level"`  // debug, info, warn, error
	Format string `yaml:"format"` // text or json
	// KeyEnv names the variable holding the key for hashing user ids.
	KeyEnv string `yaml:"key_env"`
}

// HTTP configures the health and metrics endpoint.
type HTTP struct {
	// Listen is host:port; empty disables the endpoint.
	Listen string `yaml:"listen"`
}

// RateLimit configures per-user limits on questions and logs.
type RateLimit struct {
	PerMinute float64 `yaml:"per_minute"`
	Burst     int     `yaml:"burst"`
}

// Telegram configures the Telegram adapter.
type Telegram struct {
	Enabled     bool            `yaml:"enabled"`
	TokenEnv    string          `yaml:"token_env"`
	APIEndpoint string          `yaml:"api_endpoint"`
	Mode        string          `yaml:"mode"` // polling or webhook
	Webhook     TelegramWebhook `yaml:"webhook"`
}

// TelegramWebhook configures webhook mode.
type TelegramWebhook struct {
	Listen    string `yaml:"listen"`
	PublicURL string `yaml:"public_url"`
	SecretEnv string `yaml:"secret_env"`
}

// Discord configures the Discord adapter.
type Discord struct {
	Enabled       bool     `yaml:"enabled"`
	TokenEnv      string   `yaml:"token_env"`
	GuildIDs      []string `yaml:"guild_ids"`
	Channels      []string `yaml:"channels"`
	AskVisibility string   `yaml:"ask_visibility"` // public or ephemeral
	HelperRole    string   `yaml:"helper_role"`
	APIBase       string   `yaml:"api_base"`
}

// Web configures the browser adapter (chat page, guide, feed log,
// curators' report).
type Web struct {
	Enabled bool   `yaml:"enabled"`
	Listen  string `yaml:"listen"`
	// PublicURL is where parents reach the site; https makes cookies
	// Secure and sends HSTS.
	PublicURL string `yaml:"public_url"`
	// SessionKeyEnv names the variable holding the cookie-signing key; when
	// it is unset a random key is used (cookies end at restart).
	SessionKeyEnv string `yaml:"session_key_env"`
	// CuratorTokenEnv names the variable holding the /curator token; when
	// it is unset the page is off.
	CuratorTokenEnv string `yaml:"curator_token_env"`
	// TrustProxy takes the client address for the rate limit from
	// X-Forwarded-For when the connection comes from localhost (a reverse
	// proxy on the same machine).
	TrustProxy bool `yaml:"trust_proxy"`
}

// Default returns the configuration used when there is no file.
func Default() Config {
	return Config{
		DataDir: defaultDataDir(),
		Store:   Store{Driver: DriverSQLite, DSNEnv: "NURSLING_POSTGRES_DSN"},
		FeedLog: FeedLog{Enabled: true, DefaultTimezone: "UTC"},
		Log:     Log{Level: "info", Format: "text", KeyEnv: "NURSLING_LOG_KEY"},
		HTTP:    HTTP{Listen: "127.0.0.1:8080"},
		RateLimit: RateLimit{
			PerMinute: 20,
			Burst:     10,
		},
		Telegram: Telegram{
			TokenEnv:    "TELEGRAM_BOT_TOKEN",
			APIEndpoint: "https://api.telegram.org/bot%s/%s",
			Mode:        "polling",
			Webhook:     TelegramWebhook{SecretEnv: "TELEGRAM_WEBHOOK_SECRET"},
		},
		Discord: Discord{
			TokenEnv:      "DISCORD_BOT_TOKEN",
			AskVisibility: "public",
			APIBase:       "https://discord.com",
		},
		Web: Web{
			Listen:          "127.0.0.1:8090",
			SessionKeyEnv:   "NURSLING_WEB_SESSION_KEY",
			CuratorTokenEnv: "NURSLING_CURATOR_TOKEN",
		},
	}
}

func defaultDataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "nursling")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".local", "share", "nursling")
	}
	return "nursling-data"
}

// Load reads a file over the defaults and validates the result.
func Load(path string) (Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("config: read %s: %w", path, err)
	}
	cfg, err := Parse(data)
	if err != nil {
		return Config{}, fmt.Errorf("config: %s: %w", path, err)
	}
	return cfg, nil
}

// Parse reads YAML over the defaults and validates the result.
func Parse(data []byte) (Config, error) {
	cfg := Default()
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return Config{}, fmt.Errorf("bad YAML: %w", err)
	}
	if len(root.Content) == 0 {
		return cfg, cfg.Validate()
	}
	if err := checkKeys(root.Content[0], reflect.TypeOf(cfg), ""); err != nil {
		return Config{}, err
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil {
		return Config{}, fmt.Errorf("bad value: %w", err)
	}
	return cfg, cfg.Validate()
}

// checkKeys reports the first unknown key under node, with a did-you-mean.
func checkKeys(node *yaml.Node, t reflect.Type, prefix string) error {
	if node.Kind != yaml.MappingNode || t.Kind() != reflect.Struct {
		return nil
	}
	fields := map[string]reflect.Type{}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		fields[name] = f.Type
	}
	for i := 0; i+1 < len(node.Content); i += 2 {
		key := node.Content[i].Value
		ft, ok := fields[key]
		if !ok {
			names := make([]string, 0, len(fields))
			for n := range fields {
				names = append(names, n)
			}
			msg := fmt.Sprintf("line %d: unknown key %q", node.Content[i].Line, prefix+key)
			if s := closest(key, names); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", prefix+s)
			}
			return errors.New(msg)
		}
		if err := checkKeys(node.Content[i+1], ft, prefix+key+"."); err != nil {
			return err
		}
	}
	return nil
}

// closest returns the candidate within a small edit distance of s, or "".
func closest(s string, candidates []string) string {
	best, bestD := "", 4
	for _, c := range candidates {
		if d := levenshtein(s, c); d < bestD || (d == bestD && c < best) {
			best, bestD = c, d
		}
	}
	if bestD > max(2, len(s)/3) {
		return ""
	}
	return best
}

func levenshtein(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// Validate checks every key, naming the one at fault.
func (c Config) Validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", key, fmt.Sprintf(format, args...)))
	}
	if c.DataDir == "" {
		bad("data_dir", "must not be empty")
	}
	switch c.Store.Driver {
	case DriverSQLite:
	case DriverPostgres:
		if !isEnvName(c.Store.DSNEnv) {
			bad("store.dsn_env", "must name an environment variable holding the PostgreSQL DSN, not %q", c.Store.DSNEnv)
		}
	default:
		bad("store.driver", "must be sqlite or postgres, not %q", c.Store.Driver)
	}
	if c.Locale.Country != "" && !slices.Contains(Countries(), c.Locale.Country) {
		bad("locale.country", "must be one of %s (or empty for international advice), not %q", strings.Join(Countries(), ", "), c.Locale.Country)
	}
	if c.FeedLog.DayStartHour < 0 || c.FeedLog.DayStartHour > 23 {
		bad("feedlog.day_start_hour", "must be an hour from 0 to 23, not %d", c.FeedLog.DayStartHour)
	}
	if _, err := time.LoadLocation(c.FeedLog.DefaultTimezone); err != nil || c.FeedLog.DefaultTimezone == "" {
		bad("feedlog.default_timezone", "%q is not a time zone name like Europe/London", c.FeedLog.DefaultTimezone)
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		bad("log.level", "must be debug, info, warn or error, not %q", c.Log.Level)
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		bad("log.format", "must be text or json, not %q", c.Log.Format)
	}
	if c.HTTP.Listen != "" {
		if _, _, err := net.SplitHostPort(c.HTTP.Listen); err != nil {
			bad("http.listen", "must be host:port (for example 127.0.0.1:8080), not %q", c.HTTP.Listen)
		}
	}
	if c.RateLimit.PerMinute <= 0 || c.RateLimit.Burst < 1 {
		bad("rate_limit", "per_minute must be above 0 and burst at least 1")
	}
	if c.Telegram.Enabled {
		if !isEnvName(c.Telegram.TokenEnv) {
			bad("telegram.token_env", "must name an environment variable, not %q", c.Telegram.TokenEnv)
		}
		if strings.Count(c.Telegram.APIEndpoint, "%s") != 2 || !isHTTPURL(strings.ReplaceAll(c.Telegram.APIEndpoint, "%s", "x")) {
			bad("telegram.api_endpoint", "must be an http(s) URL with two %%s (token, method), like https://api.telegram.org/bot%%s/%%s")
		}
		switch c.Telegram.Mode {
		case "polling":
		case "webhook":
			if _, _, err := net.SplitHostPort(c.Telegram.Webhook.Listen); err != nil {
				bad("telegram.webhook.listen", "must be host:port in webhook mode")
			}
			if u, err := url.Parse(c.Telegram.Webhook.PublicURL); err != nil || u.Scheme != "https" || u.Host == "" {
				bad("telegram.webhook.public_url", "must be an https URL in webhook mode")
			}
			if !isEnvName(c.Telegram.Webhook.SecretEnv) {
				bad("telegram.webhook.secret_env", "must name an environment variable")
			}
		default:
			bad("telegram.mode", "must be polling or webhook, not %q", c.Telegram.Mode)
		}
	}
	if c.Discord.Enabled {
		if !isEnvName(c.Discord.TokenEnv) {
			bad("discord.token_env", "must name an environment variable, not %q", c.Discord.TokenEnv)
		}
		if c.Discord.AskVisibility != "public" && c.Discord.AskVisibility != "ephemeral" {
			bad("discord.ask_visibility", "must be public or ephemeral, not %q", c.Discord.AskVisibility)
		}
		if !isHTTPURL(c.Discord.APIBase) {
			bad("discord.api_base", "must be an http(s) URL, not %q", c.Discord.APIBase)
		}
		for _, id := range append(append([]string{}, c.Discord.GuildIDs...), c.Discord.Channels...) {
			if !isSnowflake(id) {
				bad("discord.guild_ids/channels", "%q is not a Discord id (digits only)", id)
			}
		}
		if c.Discord.HelperRole != "" && !isSnowflake(c.Discord.HelperRole) {
			bad("discord.helper_role", "%q is not a Discord role id (digits only)", c.Discord.HelperRole)
		}
	}
	c.validateWeb(bad)
	return errors.Join(errs...)
}

func (c Config) validateWeb(bad func(key, format string, args ...any)) {
	if !c.Web.Enabled {
		return
	}
	if _, _, err := net.SplitHostPort(c.Web.Listen); err != nil {
		bad("web.listen", "must be host:port (for example 127.0.0.1:8090), not %q", c.Web.Listen)
	}
	if c.Web.PublicURL != "" && !isHTTPURL(c.Web.PublicURL) {
		bad("web.public_url", "must be an http(s) URL like https://nursling.example.org, not %q", c.Web.PublicURL)
	}
	if !isEnvName(c.Web.SessionKeyEnv) {
		bad("web.session_key_env", "must name an environment variable, not %q", c.Web.SessionKeyEnv)
	}
	if !isEnvName(c.Web.CuratorTokenEnv) {
		bad("web.curator_token_env", "must name an environment variable, not %q", c.Web.CuratorTokenEnv)
	}
}

func isEnvName(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		if !(r == '_' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || i > 0 && r >= '0' && r <= '9') {
			return false
		}
	}
	return true
}

func isHTTPURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

func isSnowflake(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Secret reads a secret from the environment variable named by envKey; the
// key names the config entry for the error.
func Secret(key, envName string) (string, error) {
	v := strings.TrimSpace(os.Getenv(envName))
	if v == "" {
		return "", fmt.Errorf("%s: the environment variable %s is empty or not set", key, envName)
	}
	return v, nil
}

// PermissionWarning returns a warning when the config file at path can be
// read by other users of the machine, or "" (the file holds ids and
// settings, not tokens, but it can still reveal where data lives).
func PermissionWarning(path string) string {
	info, err := os.Stat(path)
	if err != nil || errors.Is(err, fs.ErrNotExist) {
		return ""
	}
	if info.Mode().Perm()&0o004 != 0 {
		return fmt.Sprintf("%s is readable by every user of this machine; consider chmod 640", path)
	}
	return ""
}
