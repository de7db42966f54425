package fetch

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestToUTF8(t *testing.T) {
	// "Zürich café – 5 €" in Windows-1252 and ISO-8859-1 bytes.
	cp1252 := "Z\xfcrich caf\xe9 \x96 5 \x80"
	latin1 := "Z\xfcrich caf\xe9"
	tests := []struct {
		name, contentType, body string
		want, charset           string
		err                     error
	}{
		{"utf-8 html", "text/html; charset=utf-8", "<p>Zürich</p>", "<p>Zürich</p>", "utf-8", nil},
		{"undeclared utf-8", "text/html", "<p>Zürich</p>", "<p>Zürich</p>", "utf-8", nil},
		{"undeclared windows-1252 guessed", "text/html", "<p>" + cp1252 + "</p>", "<p>Zürich café – 5 €</p>", "windows-1252", nil},
		{"header charset", "text/html; charset=ISO-8859-1", "<p>" + latin1 + "</p>", "<p>Zürich café</p>", "windows-1252", nil},
		{"meta charset", "text/html", `<html><head><meta charset="windows-1252"></head><body>` + cp1252, `<html><head><meta charset="windows-1252"></head><body>Zürich café – 5 €`, "windows-1252", nil},
		{"meta http-equiv koi8-r", "text/html", `<meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><p>` + "\xf0\xd2\xc9\xd7\xc5\xd4" + "</p>",
			`<meta http-equiv="Content-Type" content="text/html; charset=koi8-r"><p>Привет</p>`, "koi8-r", nil},
		{"header wins over meta", "text/html; charset=utf-8", `<meta charset="windows-1252"><p>Zürich</p>`, `<meta charset="windows-1252"><p>Zürich</p>`, "utf-8", nil},
		{"bom wins", "text/html; charset=windows-1252", "\xef\xbb\xbf<p>Zürich</p>", "<p>Zürich</p>", "utf-8", nil},
		{"utf-16 bom", "text/plain", "\xff\xfeh\x00i\x00", "hi", "utf-16le", nil},
		{"xml declaration", "application/rss+xml", `<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>` + latin1 + `</title></rss>`,
			`<?xml version="1.0" encoding="UTF-8"?><rss><title>Zürich café</title></rss>`, "windows-1252", nil},
		{"xml header charset", "application/xml; charset=windows-1252", `<?xml version="1.0" encoding="windows-1252"?><a>` + cp1252 + `</a>`,
			`<?xml version="1.0" encoding="UTF-8"?><a>Zürich café – 5 €</a>`, "windows-1252", nil},
		{"xml default utf-8", "application/atom+xml", "<feed><title>Zürich</title></feed>", "<feed><title>Zürich</title></feed>", "utf-8", nil},
		{"json", "application/feed+json", `{"title":"Zürich"}`, `{"title":"Zürich"}`, "utf-8", nil},
		{"plain text guessed", "text/plain", latin1, "Zürich café", "windows-1252", nil},
		{"pdf untouched", "application/pdf", "%PDF-1.4 \xff\xfe", "%PDF-1.4 \xff\xfe", "", nil},

		{"declared utf-8 but latin-1", "text/html; charset=utf-8", "<p>" + latin1 + "</p>", "", "", ErrCharset},
		{"xml declared utf-8 but latin-1", "application/rss+xml", `<?xml version="1.0" encoding="utf-8"?><rss>` + latin1 + `</rss>`, "", "", ErrCharset},
		{"undeclared xml not utf-8", "application/rss+xml", "<rss>" + latin1 + "</rss>", "", "", ErrCharset},
		{"json not utf-8", "application/json", `{"a":"` + latin1 + `"}`, "", "", ErrCharset},
		{"unknown charset", "text/html; charset=x-klingon", "<p>x</p>", "", "", ErrCharset},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, cs, err := ToUTF8([]byte(tt.body), tt.contentType)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want || cs != tt.charset {
				t.Errorf("got %q (%s), want %q (%s)", got, cs, tt.want, tt.charset)
			}
		})
	}
}

// TestFetchDecodes runs a Windows-1252 page through a server, as sites
// still send them.
func TestFetchDecodes(t *testing.T) {
	srv := serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/latin":
			w.Header().Set("Content-Type", "text/html; charset=windows-1252")
			fmt.Fprint(w, "<p>Les pirates ont vis\xe9 la r\xe9gion \x96 selon l\x92agence.</p>")
		case "/lying":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, "<p>Les pirates ont vis\xe9 la r\xe9gion.</p>")
		}
	}))
	c := New(testOptions())
	got := mustGet(t, c, srv.URL+"/latin")
	if want := "<p>Les pirates ont visé la région – selon l’agence.</p>"; string(got.Body) != want || got.Charset != "windows-1252" {
		t.Errorf("body %q (%s), want %q", got.Body, got.Charset, want)
	}
	_, err := c.Get(t.Context(), Request{URL: srv.URL + "/lying"})
	if !errors.Is(err, ErrCharset) || !strings.Contains(err.Error(), "byte 22") {
		t.Errorf("mislabelled page: err = %v, want ErrCharset naming byte 22", err)
	}
}

func FuzzToUTF8(f *testing.F) {
	f.Add([]byte("<p>caf\xe9</p>"), "text/html")
	f.Add([]byte(`<?xml version="1.0" encoding="iso-8859-1"?><a>caf`+"\xe9</a>"), "application/xml")
	f.Add([]byte("\xfe\xff\x00h"), "text/plain")
	f.Add([]byte(`{"a":1}`), "application/json; charset=utf-16")
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		out, cs, err := ToUTF8(body, contentType)
		if err != nil {
			if !errors.Is(err, ErrCharset) {
				t.Fatalf("error %v does not wrap ErrCharset", err)
			}
			return
		}
		if cs != "" && !utf8.Valid(out) {
			t.Fatalf("decoded as %s but not UTF-8: %q", cs, out)
		}
	})
}
