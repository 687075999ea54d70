package web

import (
	"html/template"
	"net/http"
	"strings"

	"nursling/knowledge"
)

const consultLine = "Nursling shares general information, not a diagnosis. For advice about you and your baby, talk to a lactation consultant (IBCLC), midwife, health visitor or doctor."

// articleView is one whole article: every tip, every part (with "When to
// get help"), related articles and sources. Article text may carry
// **bold**, rendered as <strong> after escaping.
type articleView struct {
	Topic, Title, Summary string
	Urgent                bool
	Tips                  []template.HTML
	Parts                 []partView
	Related               []*knowledge.Article
	Sources               []knowledge.Source
	Consult               string
}

type partView struct {
	Heading string
	Paras   []template.HTML
	Items   []template.HTML
	Help    bool
}

func (s *Server) guidePage(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(w, r, "guide", "Guide")
	for _, sec := range s.opts.Library.Sections {
		if as := s.opts.Library.SectionArticles(sec.ID); len(as) > 0 {
			p.Sections = append(p.Sections, sectionView{ID: sec.ID, Title: sec.Title, Articles: as})
		}
	}
	s.render(w, r, http.StatusOK, "guide", p)
}

func (s *Server) articlePage(w http.ResponseWriter, r *http.Request) {
	a := s.opts.Library.Article(r.PathValue("topic"))
	if a == nil {
		s.message(w, r, http.StatusNotFound, "Article not found", "The guide has no article at this address.")
		return
	}
	p := s.newPage(w, r, "guide", a.Title)
	p.Article = s.viewArticle(a)
	s.render(w, r, http.StatusOK, "article", p)
}

func (s *Server) viewArticle(a *knowledge.Article) *articleView {
	v := &articleView{Topic: a.Topic, Title: a.Title, Summary: strings.ReplaceAll(a.Summary, "**", ""),
		Urgent: a.Urgent, Sources: a.Sources, Consult: consultLine}
	for _, t := range a.Tips {
		v.Tips = append(v.Tips, rich(t))
	}
	for _, pt := range a.Parts {
		pv := partView{Heading: pt.Heading, Help: strings.Contains(strings.ToLower(pt.Heading), "help")}
		for _, para := range paragraphs(pt.Text) {
			pv.Paras = append(pv.Paras, rich(para))
		}
		for _, it := range pt.Items {
			pv.Items = append(pv.Items, rich(it))
		}
		v.Parts = append(v.Parts, pv)
	}
	for _, id := range a.Related {
		if ra := s.opts.Library.Article(id); ra != nil {
			v.Related = append(v.Related, ra)
		}
	}
	return v
}

// rich escapes s and turns balanced **bold** into <strong>.
func rich(s string) template.HTML {
	esc := template.HTMLEscapeString(s)
	parts := strings.Split(esc, "**")
	if len(parts)%2 == 0 {
		return template.HTML(strings.Join(parts, ""))
	}
	var b strings.Builder
	for i, p := range parts {
		if i%2 == 1 {
			b.WriteString("<strong>" + p + "</strong>")
		} else {
			b.WriteString(p)
		}
	}
	return template.HTML(b.String())
}

// searchPage lists the articles the index finds for the query, the same
// search the engine runs for a question.
func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) {
	q := clip(r.URL.Query().Get("q"), 200)
	p := s.newPage(w, r, "guide", "Search")
	p.Query = q
	if q != "" {
		res, err := s.opts.Searcher.Search(r.Context(), q)
		if err != nil {
			s.log.Error("web: search failed", "error", err.Error())
			s.message(w, r, http.StatusInternalServerError, "Search is not working", "Sorry, the search failed. Please browse the guide instead.")
			return
		}
		for _, h := range res.Hits {
			if s.opts.Library.Article(h.Topic) != nil {
				p.Hits = append(p.Hits, h)
			}
		}
	}
	s.render(w, r, http.StatusOK, "search", p)
}
