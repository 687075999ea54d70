package knowledge

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"
)

//go:embed topics.yaml guide/*.md questions/*.txt
var builtin embed.FS

// Builtin returns the guide compiled into the binary: topics.yaml,
// guide/*.md and questions/*.txt.
func Builtin() fs.FS { return builtin }

// LoadBuiltin loads and validates the embedded guide.
func LoadBuiltin() (*Library, error) { return Load(builtin, nil) }

// Load reads topics.yaml, guide/*.md and questions/*.txt from base and,
// when extra is not nil, the *.md articles at the root of extra and its
// questions/*.txt (a community's own folder, which may declare more topics
// and sections in its own topics.yaml). Every
// article is validated; all problems are returned together, each naming the
// file and line.
func Load(base fs.FS, extra fs.FS) (*Library, error) {
	lib := &Library{byTopic: map[string]*Article{}, topics: map[string]Topic{}, examples: map[string][]Example{}}
	if err := lib.addTopics(base, "topics.yaml", true); err != nil {
		return nil, err
	}
	var errs []error
	errs = append(errs, lib.addArticles(base, "guide")...)
	seen := map[string]Example{}
	errs = append(errs, lib.addExamples(base, questionsDir, seen)...)
	if extra != nil {
		if err := lib.addTopics(extra, "topics.yaml", false); err != nil {
			return nil, err
		}
		errs = append(errs, lib.addArticles(extra, ".")...)
		errs = append(errs, lib.addExamples(extra, questionsDir, seen)...)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	errs = lib.checkRelated()
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	lib.attachExamples()
	return lib, nil
}

// Lint validates a folder of articles as `nursling guide lint DIR` does:
// against the built-in topic list plus the folder's own topics.yaml, if
// any, and without clashing with the built-in articles.
// Its sources are held to the source policy (sources.yaml).
func Lint(dir fs.FS) error {
	lib, err := Load(builtin, dir)
	if err != nil {
		return err
	}
	base, err := LoadBuiltin()
	if err != nil {
		return err
	}
	var extra []*Article
	for _, a := range lib.Articles {
		if base.Article(a.Topic) == nil {
			extra = append(extra, a)
		}
	}
	return checkSources(extra)
}

// LintBuiltin loads the embedded guide as `nursling guide lint` does:
// every article valid, every source trusted and enough example questions
// for each (a folder of extra articles may come without examples).
func LintBuiltin() (*Library, error) {
	lib, err := LoadBuiltin()
	if err != nil {
		return nil, err
	}
	if err := checkSources(lib.Articles); err != nil {
		return nil, err
	}
	if err := lib.CheckExamples(); err != nil {
		return nil, err
	}
	return lib, nil
}

func checkSources(articles []*Article) error {
	p, err := LoadSourcePolicy()
	if err != nil {
		return err
	}
	return errors.Join(p.CheckSources(articles)...)
}

type topicFile struct {
	Sections []Section `yaml:"sections"`
	Topics   []Topic   `yaml:"topics"`
}

func (l *Library) addTopics(fsys fs.FS, name string, required bool) error {
	data, err := fs.ReadFile(fsys, name)
	if errors.Is(err, fs.ErrNotExist) && !required {
		return nil
	}
	if err != nil {
		return fmt.Errorf("knowledge: read topic list: %w", err)
	}
	var tf topicFile
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&tf); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	sections := map[string]bool{}
	for _, s := range l.Sections {
		sections[s.ID] = true
	}
	for _, s := range tf.Sections {
		if s.ID == "" || s.Title == "" {
			return fmt.Errorf("%s: a section needs an id and a title", name)
		}
		if !sections[s.ID] {
			sections[s.ID] = true
			l.Sections = append(l.Sections, s)
		}
	}
	for _, t := range tf.Topics {
		switch {
		case t.ID == "":
			return fmt.Errorf("%s: a topic has no id", name)
		case t.Kind != "guide" && t.Kind != "urgent":
			return fmt.Errorf("%s: topic %q: kind must be guide or urgent, not %q", name, t.ID, t.Kind)
		case !sections[t.Section]:
			return fmt.Errorf("%s: topic %q: unknown section %q", name, t.ID, t.Section)
		}
		if _, dup := l.topics[t.ID]; dup {
			return fmt.Errorf("%s: topic %q is listed twice", name, t.ID)
		}
		l.topics[t.ID] = t
		l.Topics = append(l.Topics, t)
	}
	return nil
}

func (l *Library) addArticles(fsys fs.FS, dir string) []error {
	names, err := fs.Glob(fsys, path.Join(dir, "*.md"))
	if err != nil {
		return []error{fmt.Errorf("knowledge: list articles: %w", err)}
	}
	sort.Strings(names)
	var errs []error
	for _, name := range names {
		if strings.EqualFold(path.Base(name), "README.md") {
			continue
		}
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs = append(errs, fmt.Errorf("knowledge: read %s: %w", name, err))
			continue
		}
		a, err := ParseArticle(name, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if err := l.add(a); err != nil {
			errs = append(errs, err)
		}
	}
	if len(names) == 0 {
		errs = append(errs, fmt.Errorf("%s: no articles (*.md) found", dir))
	}
	return errs
}

func (l *Library) add(a *Article) error {
	t, ok := l.topics[a.Topic]
	if !ok {
		return fmt.Errorf("%s:%d: unknown topic id %q (not in topics.yaml)", a.File, a.line("topic"), a.Topic)
	}
	if prev, dup := l.byTopic[a.Topic]; dup {
		return fmt.Errorf("%s:%d: duplicate topic %q (already in %s)", a.File, a.line("topic"), a.Topic, prev.File)
	}
	if a.Urgent != (t.Kind == "urgent") {
		return fmt.Errorf("%s:%d: urgent must be %v for a topic of kind %s", a.File, a.line("urgent"), t.Kind == "urgent", t.Kind)
	}
	a.Section = t.Section
	l.byTopic[a.Topic] = a
	l.Articles = append(l.Articles, a)
	return nil
}

func (l *Library) checkRelated() []error {
	var errs []error
	for _, a := range l.Articles {
		for _, r := range a.Related {
			if _, ok := l.topics[r]; !ok || r == a.Topic {
				errs = append(errs, fmt.Errorf("%s:%d: related topic %q is not another known topic", a.File, a.line("related"), r))
			}
		}
	}
	// Keep articles in topic-list order so menus are stable.
	order := map[string]int{}
	for i, t := range l.Topics {
		order[t.ID] = i
	}
	sort.SliceStable(l.Articles, func(i, j int) bool { return order[l.Articles[i].Topic] < order[l.Articles[j].Topic] })
	return errs
}
