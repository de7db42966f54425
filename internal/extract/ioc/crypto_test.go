package ioc

import (
	"encoding/hex"
	"strings"
	"testing"
)

func TestKeccak256(t *testing.T) {
	tests := []struct {
		name string
		msg  string
		want string
	}{
		// The empty-input digest of original Keccak-256, as Ethereum uses it.
		{"empty", "", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sum := keccak256([]byte(tt.msg))
			if got := hex.EncodeToString(sum[:]); got != tt.want {
				t.Errorf("keccak256(%q) = %s, want %s", tt.msg, got, tt.want)
			}
		})
	}
	// Absorbing across the 136-byte rate boundary must differ per length.
	seen := map[[32]byte]int{}
	for n := 134; n <= 138; n++ {
		sum := keccak256([]byte(strings.Repeat("a", n)))
		if m, dup := seen[sum]; dup {
			t.Fatalf("keccak256 of %d and %d bytes collide", m, n)
		}
		seen[sum] = n
	}
}

func TestWalletChecksums(t *testing.T) {
	tests := []struct {
		name  string
		check func(string) bool
		addr  string
		want  bool
	}{
		{"p2pkh", base58Check, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", true},
		{"p2sh", base58Check, "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", true},
		{"p2pkh one char off", base58Check, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", false},
		{"base58 bad char", base58Check, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN0", false},
		{"base58 too long", base58Check, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNaaaaaaa", false},
		{"bech32 v0", segwitValid, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", true},
		{"bech32 upper", segwitValid, "BC1QAR0SRRR7XFKVY5L643LYDNW9RE59GTZZWF5MDQ", true},
		{"bech32 mixed case", segwitValid, "bc1qAR0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", false},
		{"bech32 bad checksum", segwitValid, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdp", false},
		{"bech32m v1", segwitValid, "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", true},
		{"testnet hrp", segwitValid, "tb1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", false},
		{"monero standard", moneroValid, "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3A", true},
		{"monero corrupted", moneroValid, "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7otXft3XjrpDtQGv7SqSsaBYBb98uNbr2VBBEt7f2wfn3RVGQBEP3B", false},
		{"monero bad length", moneroValid, "44AFFq5kSiGBoZ4NMDwYtN18obc8AemS33DBLWs3H7ot", false},
		{"monero overflow block", moneroValid, strings.Repeat("z", 95), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.check(tt.addr); got != tt.want {
				t.Errorf("check(%q) = %v, want %v", tt.addr, got, tt.want)
			}
		})
	}
}
