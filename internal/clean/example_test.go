package clean_test

import (
	"fmt"

	"github.com/winnow-cti/winnow/internal/clean"
)

func ExampleClean() {
	page := `<html><head>
<meta property="og:title" content="Botnet dismantled">
<meta property="og:site_name" content="Example News">
</head><body>
<nav><a href="/">Home</a></nav>
<article>
  <p>Police dismantled a botnet of 9,000 routers on Tuesday, according to a
  <a href="https://agency.example/press/42">statement</a>.</p>
  <div class="ad-slot">Advertisement</div>
  <p>The payload was written as &lt;script&gt; in the forum post.</p>
  <p>Share this article</p>
</article>
</body></html>`

	res, err := clean.Clean(clean.Document{Name: "botnet.html", Raw: []byte(page)})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Meta.Title, "/", res.Meta.Outlet)
	fmt.Println(res.Text)
	for _, r := range res.Removed {
		fmt.Printf("dropped %s: %q\n", r.Reason, r.Text)
	}
	// Output:
	// Botnet dismantled / Example News
	// Police dismantled a botnet of 9,000 routers on Tuesday, according to a statement (https://agency.example/press/42).
	//
	// The payload was written as <script> in the forum post.
	// dropped boilerplate:ad: "Advertisement"
	// dropped boilerplate:share: "Share this article"
}
