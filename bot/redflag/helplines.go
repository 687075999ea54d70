package redflag

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed helplines.yaml
var helplinesYAML []byte

// Helplines is where to get help in one country.
type Helplines struct {
	Country   string
	Emergency string   `yaml:"emergency"`
	Crisis    []string `yaml:"crisis"`
	SameDay   string   `yaml:"same_day"`
}

// International is the locale used when no country is set.
const International = "intl"

// HelplinesFor returns the helplines of a country code (GB, US, CA, AU, NZ,
// IE; "" means the international fallback). An unknown code is an error.
func HelplinesFor(country string) (Helplines, error) {
	all, err := parseHelplines(helplinesYAML)
	if err != nil {
		return Helplines{}, err
	}
	code := strings.ToUpper(strings.TrimSpace(country))
	if code == "" || code == strings.ToUpper(International) {
		code = International
	}
	h, ok := all[code]
	if !ok {
		return Helplines{}, fmt.Errorf("redflag: no helplines for country %q (known: %s)", country, strings.Join(Countries(), ", "))
	}
	h.Country = code
	return h, nil
}

// Countries lists the country codes with helplines, sorted.
func Countries() []string {
	all, err := parseHelplines(helplinesYAML)
	if err != nil {
		return nil
	}
	var out []string
	for c := range all {
		if c != International {
			out = append(out, c)
		}
	}
	slices.Sort(out)
	return out
}

func parseHelplines(data []byte) (map[string]Helplines, error) {
	var f struct {
		Countries map[string]Helplines `yaml:"countries"`
	}
	if err := yaml.Unmarshal(data, &f); err != nil {
		return nil, fmt.Errorf("redflag: helplines: %w", err)
	}
	for c, h := range f.Countries {
		if h.Emergency == "" || len(h.Crisis) == 0 || h.SameDay == "" {
			return nil, fmt.Errorf("redflag: helplines: %s needs emergency, crisis and same_day", c)
		}
	}
	return f.Countries, nil
}
