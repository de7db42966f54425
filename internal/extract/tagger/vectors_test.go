package tagger

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

// vectorText is a small GloVe-style file: two groups of words pointing in
// two directions, most frequent first.
const vectorText = `the 1 1 0 0
Windows 0 0 1 0.1
android 0 0 0.9 0.2
ios 0 0 1 0.15
linux 0 0 0.95 0
macos 0 0 0.8 0.1
chrome 0 0 1 0.3
firefox 0 0 0.9 0.3
google 1 0 0 0
microsoft 0.9 0.1 0 0
apple 1 0.2 0 0
facebook 0.8 0 0.1 0
twitter 1 0.1 0.1 0
samsung 0.9 0.2 0 0
oracle 1 0 0 0.1
windows 5 5 5 5
`

func TestReadVectors(t *testing.T) {
	words, vecs, err := ReadVectors(strings.NewReader(vectorText), 0)
	if err != nil {
		t.Fatal(err)
	}
	// "windows" at the end repeats "Windows" in another case: the first is kept.
	if len(words) != 15 || words[1] != "windows" || vecs[1][2] != 1 {
		t.Fatalf("read %d words %v, windows %v", len(words), words, vecs[1])
	}
	words, _, err = ReadVectors(strings.NewReader(vectorText), 3)
	if err != nil || !reflect.DeepEqual(words, []string{"the", "windows", "android"}) {
		t.Errorf("limit 3: %v, %v", words, err)
	}

	const wink = `{"precision":8,"dimensions":2,"size":3,"words":["the","Zorbot","android"],` +
		`"vectors":{"the":[1,0,1,0],"Zorbot":[0,1,1,1],"android":[0.5,0.5,0.7,2]}}`
	words, vecs, err = ReadVectors(strings.NewReader("\n "+wink), 0)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(words, []string{"the", "zorbot", "android"}) || !reflect.DeepEqual(vecs[1], []float64{0, 1}) {
		t.Errorf("wink JSON read as %v %v", words, vecs)
	}

	for _, tc := range []struct{ name, in, want string }{
		{"empty", "", "empty input"},
		{"word alone", "the\n", "line 1: want a word and its numbers"},
		{"ragged", "the 1 2\nof 1\n", "line 2: 1 numbers, want 2"},
		{"not a number", "the 1 x\n", "line 1: number 2"},
		{"bad JSON", `{"dimensions":`, "vectors (JSON)"},
		{"no dimensions", `{"words":["a"],"vectors":{"a":[1]}}`, `no "dimensions"`},
		{"word without vector", `{"dimensions":1,"words":["a"],"vectors":{}}`, `word "a" has no vector`},
		{"short vector", `{"dimensions":2,"words":["a"],"vectors":{"a":[1]}}`, `word "a" has 1 numbers, want 2`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := ReadVectors(strings.NewReader(tc.in), 0); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
}

func TestVectorClusters(t *testing.T) {
	words, vecs, err := ReadVectors(strings.NewReader(vectorText), 0)
	if err != nil {
		t.Fatal(err)
	}
	c, err := VectorClusters(words, vecs, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(c) != len(words) {
		t.Fatalf("%d of %d words clustered", len(c), len(words))
	}
	// One cut parts the platforms from the companies.
	for _, w := range []string{"android", "ios", "linux", "macos", "chrome", "firefox"} {
		if c[w] != c["windows"] {
			t.Errorf("%s in %q, windows in %q", w, c[w], c["windows"])
		}
	}
	for _, w := range []string{"microsoft", "apple", "facebook", "twitter", "samsung", "oracle"} {
		if c[w] != c["google"] {
			t.Errorf("%s in %q, google in %q", w, c[w], c["google"])
		}
	}
	if c["google"] == c["windows"] {
		t.Errorf("companies and platforms share cluster %q", c["google"])
	}
	deep, _ := VectorClusters(words, vecs, 0)
	for w, p := range deep {
		if !strings.HasPrefix(p, c[w]) {
			t.Errorf("%s: deeper path %q does not extend %q", w, p, c[w])
		}
	}
	again, _ := VectorClusters(words, vecs, 0)
	if !reflect.DeepEqual(again, deep) {
		t.Error("the same vectors gave other clusters")
	}

	if _, err := VectorClusters(nil, nil, 0); err == nil {
		t.Error("no error for no words")
	}
	if _, err := VectorClusters([]string{"a", "b"}, [][]float64{{1, 2}, {1}}, 0); err == nil || !strings.Contains(err.Error(), `"b" has 1 numbers`) {
		t.Errorf("ragged vectors: %v", err)
	}
}

func TestClustersGzip(t *testing.T) {
	want := map[string]string{"zorbot": "0101", "android": "1"}
	var a, b bytes.Buffer
	if err := WriteClustersGzip(&a, want); err != nil {
		t.Fatal(err)
	}
	WriteClustersGzip(&b, want)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same clusters gzipped to different bytes")
	}
	got, err := ReadClustersGzip(&a)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("read back %v, %v", got, err)
	}
	if _, err := ReadClustersGzip(strings.NewReader("android\t1\n")); err == nil {
		t.Error("no error for clusters that are not gzipped")
	}
}

func TestRecipeClusters(t *testing.T) {
	c, err := RecipeClusters()
	if err != nil {
		t.Fatal(err)
	}
	if len(c) < DefaultVectorClusterWords/2 {
		t.Fatalf("%d words in the recipe's clusters", len(c))
	}
	// GloVe puts these pairs of words in one cluster (facts of the file as
	// generated; a regenerated file that breaks them deserves a look).
	for _, pair := range [][2]string{{"facebook", "twitter"}, {"google", "microsoft"}} {
		if c[pair[0]] == "" || c[pair[0]] != c[pair[1]] {
			t.Errorf("%s in %q, %s in %q", pair[0], c[pair[0]], pair[1], c[pair[1]])
		}
	}
}

func FuzzReadVectors(f *testing.F) {
	f.Add([]byte(vectorText))
	f.Add([]byte(`{"dimensions":2,"words":["a"],"vectors":{"a":[1,2,3,4]}}`))
	f.Add([]byte("a 1e400 NaN\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		words, vecs, err := ReadVectors(bytes.NewReader(data), 0)
		if err != nil {
			return
		}
		if len(words) != len(vecs) {
			t.Fatalf("%d words, %d vectors", len(words), len(vecs))
		}
		if len(words) > 0 {
			if _, err := VectorClusters(words, vecs, 4); err != nil {
				t.Fatal(err)
			}
		}
	})
}
