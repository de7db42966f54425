package tagger

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

// clusterText is a corpus in which the malware names share contexts, as
// do the platforms, and the two sets share none.
func clusterText() [][]string {
	var out [][]string
	for _, m := range []string{"Zorbot", "Vexmoth", "Kelvix", "Nimbra", "Pellor", "Trubax", "Ostrocat", "Drapeworm"} {
		for _, tmpl := range []string{"the X trojan steals data", "a new X sample was found", "researchers saw X beacon home"} {
			out = append(out, strings.Fields(strings.Replace(tmpl, "X", m, 1)))
		}
	}
	for _, p := range []string{"Android", "Windows", "iOS", "macOS", "Linux", "ChromeOS", "Tizen", "FreeBSD"} {
		for _, tmpl := range []string{"users of X phones should update", "runs on X devices only", "install it on X tablets today"} {
			out = append(out, strings.Fields(strings.Replace(tmpl, "X", p, 1)))
		}
	}
	return out
}

func TestClusters(t *testing.T) {
	c := Clusters(clusterText(), ClusterOptions{MinCount: 3, Contexts: 50, Depth: 4})
	tests := []struct {
		a, b string
		same bool // whether they share a cluster
	}{
		{"zorbot", "vexmoth", true},
		{"drapeworm", "kelvix", true},
		{"android", "tizen", true},
		{"windows", "freebsd", true},
		{"zorbot", "android", false},
		{"pellor", "linux", false},
	}
	for _, tc := range tests {
		t.Run(tc.a+" "+tc.b, func(t *testing.T) {
			pa, pb := c[tc.a], c[tc.b]
			if pa == "" || pb == "" {
				t.Fatalf("paths %q and %q: a word was not clustered", pa, pb)
			}
			if len(pa) > 4 || len(pb) > 4 {
				t.Errorf("paths %q and %q deeper than 4 bits", pa, pb)
			}
			if got := pa == pb; got != tc.same {
				t.Errorf("paths %q and %q: same cluster %v, want %v", pa, pb, got, tc.same)
			}
		})
	}
	if _, ok := c["Zorbot"]; ok {
		t.Error("clusters are keyed by the upper-case spelling")
	}
	if again := Clusters(clusterText(), ClusterOptions{MinCount: 3, Contexts: 50, Depth: 4}); !reflect.DeepEqual(again, c) {
		t.Error("two runs on the same text differ")
	}
	if got := Clusters(clusterText(), ClusterOptions{MinCount: 100}); len(got) != 0 {
		t.Errorf("%d words clustered though none occurs 100 times", len(got))
	}
}

func TestClustersFile(t *testing.T) {
	want := map[string]string{"zorbot": "0101", "android": "1", "the": "00"}
	var buf bytes.Buffer
	if err := WriteClusters(&buf, want); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "android\t1\nthe\t00\nzorbot\t0101\n" {
		t.Errorf("written as %q", buf.String())
	}
	got, err := ReadClusters(&buf)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Errorf("read back %v, %v", got, err)
	}
	for _, bad := range []string{"zorbot\n", "zorbot\t012\n", "\t01\n"} {
		t.Run(bad, func(t *testing.T) {
			if _, err := ReadClusters(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "line 1") {
				t.Errorf("error %v", err)
			}
		})
	}
}

func TestClusterFeatures(t *testing.T) {
	tests := []struct {
		path string
		k    int
		want int // features added
	}{
		{"", 0, 0},
		{"0110", 0, 2},       // the full path and its 2-bit prefix
		{"0110110110", 0, 5}, // full path and all four prefixes
		{"0110110110", 1, 2}, // a neighbour: full path and a 6-bit prefix
		{"011", -1, 1},
		{"0110110110", 2, 0}, // too far away
	}
	for _, tc := range tests {
		if got := len(clusterFeatures(nil, tc.path, tc.k)); got != tc.want {
			t.Errorf("path %q at %d: %d features, want %d", tc.path, tc.k, got, tc.want)
		}
	}
}

func TestTrainWithClusters(t *testing.T) {
	train, valid := synthCorpus(300, 1, synthMalware, synthOrgs), synthCorpus(60, 2, synthMalware, synthOrgs)
	clusters := map[string]string{"zorbot": "0011", "grimlock": "0011", "northwind": "1100"}
	tg, err := Train(train, TrainOptions{MaxEpochs: 3, Seed: 7, Valid: valid, Clusters: clusters})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := tg.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := Load(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.clusters, clusters) {
		t.Errorf("clusters read back as %v", back.clusters)
	}
	plain, _ := Train(train, TrainOptions{MaxEpochs: 3, Seed: 7, Valid: valid})
	if plain.Meta().Features >= tg.Meta().Features {
		t.Errorf("%d features with clusters, %d without", tg.Meta().Features, plain.Meta().Features)
	}
	s := Sentence{Tokens: strings.Fields("Grimlock hits Windows hosts , Northwind says .")}
	if fast, slow := back.emissions(&scratch{}, s.Tokens), back.emissionsSlow(s.Tokens); !reflect.DeepEqual(fast, slow) {
		t.Error("cached scores differ from the features' with clusters")
	}
}
