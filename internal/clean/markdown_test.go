package clean

import (
	"strings"
	"testing"
)

func TestMarkdownInline(t *testing.T) {
	refs := map[string]string{"el": "https://labs.example/post", "short": "https://short.example/"}
	tests := []struct{ in, want string }{
		{"**bold** and *em* and _em_ and __strong__", "bold and em and em and strong"},
		{"***both***", "both"},
		{"~~struck~~ but ~5 stays", "struck but ~5 stays"},
		{"file_name_here and snake_case_id", "file_name_here and snake_case_id"},
		{"5 * 3 * 2", "5 * 3 * 2"},
		{"*.exe and *.dll files", "*.exe and *.dll files"},
		{"unmatched *star", "unmatched *star"},
		{"code `a *b* c` span", "code a *b* c span"},
		{"``code with ` tick``", "code with ` tick"},
		{"[text](https://other.example/x)", "text (https://other.example/x)"},
		{"[text](https://news.example/x)", "text"},
		{"[text](/relative)", "text"},
		{`[text](https://other.example/x "Title")`, "text (https://other.example/x)"},
		{"[https://other.example/x](https://other.example/x)", "https://other.example/x"},
		{"[hxxp://evil[.]example/a](https://other.example/y)", "hxxp://evil[.]example/a (https://other.example/y)"},
		{"see [the post][el] and [short][]", "see the post (https://labs.example/post) and short (https://short.example/)"},
		{"a [shortcut] link to [el]", "a [shortcut] link to el (https://labs.example/post)"},
		{"defanged evil[.]example and 1.2.3[.]4", "defanged evil[.]example and 1.2.3[.]4"},
		{"[**bold link**](https://other.example/b_c_d)", "bold link (https://other.example/b_c_d)"},
		{"![alt text](/img.png) after", " after"},
		{"<https://auto.example/path_x_y>", "https://auto.example/path_x_y"},
		{"line<br>break", "line\nbreak"},
		{"a <!-- hidden --> b", "a  b"},
		{"&amp; &lt;script&gt; &mdash; &#169; &bogus", "& <script> — © &bogus"},
		{`\*not em\* and \_x\_ and C:\Users\Public and \\server`, `*not em* and _x_ and C:\Users\Public and \\server`},
		{"<script>alert(1)</script> stays literal", "<script>alert(1)</script> stays literal"},
		{"[unclosed link(https://x", "[unclosed link(https://x"},
		{"[a](https://x.example/(paren))", "a (https://x.example/(paren))"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			r := &mdRenderer{refs: refs, hosts: []string{"news.example"}}
			if got := r.inline(tt.in); got != tt.want {
				t.Errorf("inline(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMarkdownBlocks(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // block texts; a "list:" or "code:" or "table:" prefix marks the flag
	}{
		{"headings", "# One #\n\n## Two\ntext", []string{"One", "Two", "text"}},
		{"soft and hard breaks", "a\nb  \nc\\\nd", []string{"a b\nc\nd"}},
		{"lists", "- one\n- two\n  continued\n1. three\n* [x] done", []string{"list:one", "list:two continued", "list:three", "list:done"}},
		{"fence", "```yara\nrule x {\n  strings: $a = \"*b*\"\n}\n```\nafter", []string{"code:rule x {\n  strings: $a = \"*b*\"\n}", "after"}},
		{"tilde fence unclosed", "~~~\ncode *x*", []string{"code:code *x*"}},
		{"indented code", "para\n\n    curl hxxp://x\n    second\n\nafter", []string{"para", "code:curl hxxp://x\nsecond", "after"}},
		{"blockquote", "> quoted *text*\n> > nested", []string{"quoted text nested"}},
		{"table", "| A | B |\n|---|:-:|\n| x \\| y | `z` |", []string{"table:A | B", "table:x | y | z"}},
		{"thematic and setext", "Title\n=====\n\n***\n\nSub\n---\nend", []string{"Title", "Sub", "end"}},
		{"comment block", "<!-- a\nb -->\nafter", []string{"after"}},
		{"ref definitions dropped", "see [x]\n\n[x]: https://r.example/a \"t\"", []string{"see x (https://r.example/a)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			blocks, _ := markdownBlocks(tt.in, nil)
			var got []string
			for _, b := range blocks {
				prefix := ""
				switch {
				case b.list:
					prefix = "list:"
				case b.code:
					prefix = "code:"
				case b.table:
					prefix = "table:"
				}
				got = append(got, prefix+b.text)
			}
			if strings.Join(got, "\x00") != strings.Join(tt.want, "\x00") {
				t.Errorf("blocks = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestMarkdownImagesAreReported(t *testing.T) {
	_, removed := markdownBlocks("text ![A screenshot](/a.png) more", nil)
	if len(removed) != 1 || removed[0].Reason != "image" || removed[0].Text != "A screenshot" {
		t.Errorf("removed = %+v, want one image removal", removed)
	}
}
