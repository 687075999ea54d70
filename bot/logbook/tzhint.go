package logbook

import (
	_ "embed"
	"strings"
)

// zonesTSV maps places a parent may type ("London", "new york", "France")
// to IANA time zones; see the file's header for where the names come from.
//
//go:embed data/zones.tsv
var zonesTSV string

// suggestZone returns the time zone for a place name, matched without
// case, with spaces or underscores, or as the last part of a zone name
// ("london" → Europe/London). It reads the table only when /tz was given
// something that is not a zone, so it costs nothing otherwise.
func suggestZone(place string) (string, bool) {
	p := strings.ToLower(strings.Join(strings.Fields(strings.ReplaceAll(place, "_", " ")), " "))
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		p = p[i+1:]
	}
	if p == "" {
		return "", false
	}
	for _, line := range strings.Split(zonesTSV, "\n") {
		name, zone, ok := strings.Cut(line, "\t")
		if ok && !strings.HasPrefix(line, "#") && name == p {
			return zone, true
		}
	}
	return "", false
}

// tzSuggestion answers /tz with something that is not a zone name: the
// zone it most likely means, or examples. The text typed is not repeated
// (it may be anything, and replies can end up in logs).
func (e *Book) tzSuggestion(typed string) (Reply, error) {
	if zone, ok := suggestZone(typed); ok && len(typed) <= 64 {
		r := textReply("Did you mean " + zone + "? Press the button, or send /tz " + zone + ".")
		r.Buttons = []Button{{Label: "Use " + zone, Data: "tz:" + zone}}
		return r, nil
	}
	return Reply{}, Userf("I don't know that time zone. Use a name like Europe/London, America/New_York or Australia/Sydney, or a city such as /tz London.")
}
