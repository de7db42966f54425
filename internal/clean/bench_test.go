package clean

import (
	"fmt"
	"strings"
	"testing"
)

// benchPage builds a news page of about 30 KB: page chrome, an article of
// distinct paragraphs with ads and share bars between them, a comment
// section and a footer.
func benchPage() []byte {
	sentences := []string{
		"Investigators said the intrusion began with a phishing email sent to the finance team.",
		"The attackers then used a remote management tool to reach the billing servers.",
		"According to the company, customer payment data was not stored on the affected systems.",
		"Researchers linked the infrastructure to a group that has targeted utilities since 2021.",
		"The national cyber agency said it was supporting the response and sharing indicators with partners.",
		"Officials declined to say whether a ransom had been demanded or paid.",
		"Security firms have tracked the same loader in at least four other campaigns this year.",
		"The company said it had reset credentials and added multi-factor authentication for remote access.",
	}
	var b strings.Builder
	b.WriteString(`<!DOCTYPE html><html><head><title>Utility breach | Example News</title>
<meta property="og:title" content="Utility breach traced to phishing email">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2024-05-14T09:30:00Z">
<style>.ad{height:250px}</style><script>var tracking = {page: "article", id: 42};</script></head><body>
<div class="cookie-banner">We use cookies to improve your experience. <button>Accept all</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/security">Security</a></li></ul></nav></header>
<main><article><h1>Utility breach traced to phishing email</h1>`)
	for i := 0; b.Len() < 26_000; i++ {
		fmt.Fprintf(&b, "<p>Update %d: %s %s The address 198.51.100.%d was seen on day %d. <a href=\"https://vendor%d.example/r\">Report</a>.</p>\n",
			i, sentences[i%len(sentences)], sentences[(i*3+1)%len(sentences)], i%250, i, i%7)
		if i%5 == 4 {
			b.WriteString(`<div class="ad-slot">Advertisement</div><div class="share-bar"><a href="#">Share on X</a></div><p>Read more: Another story</p>` + "\n")
		}
	}
	b.WriteString(`</article></main><aside class="sidebar"><h3>Most read</h3><ul>`)
	for i := 0; i < 10; i++ {
		fmt.Fprintf(&b, `<li><a href="/s/%d">Sidebar story number %d</a></li>`, i, i)
	}
	b.WriteString(`</ul></aside><section class="comments">`)
	for b.Len() < 30_000 {
		b.WriteString(`<div class="comment"><p>Great reporting, thanks for the details on the loader.</p></div>`)
	}
	b.WriteString(`</section><footer><p>&copy; 2024 Example News. All rights reserved.</p></footer></body></html>`)
	return []byte(b.String())
}

func BenchmarkClean(b *testing.B) {
	page := benchPage()
	doc := Document{Name: "bench.html", Raw: page}
	if _, err := Clean(doc); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(page)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Clean(doc); err != nil {
			b.Fatal(err)
		}
	}
}
