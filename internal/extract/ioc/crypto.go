package ioc

import (
	"crypto/sha256"
	"encoding/binary"
	"math/bits"
	"strings"
)

// Wallet addresses carry checksums; verifying them is what makes a random
// base58 word in a ransom note's neighbourhood a wallet and not noise.

const base58Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"

var base58Index = func() (t [256]int8) {
	for i := range t {
		t[i] = -1
	}
	for i := 0; i < len(base58Alphabet); i++ {
		t[base58Alphabet[i]] = int8(i)
	}
	return t
}()

// base58Check reports whether addr is a Bitcoin P2PKH or P2SH address: 25
// bytes in base58 whose last four are the double SHA-256 of the first 21.
func base58Check(addr string) bool {
	var buf [25]byte
	for i := 0; i < len(addr); i++ {
		v := base58Index[addr[i]]
		if v < 0 {
			return false
		}
		carry := int(v)
		for j := len(buf) - 1; j >= 0; j-- {
			carry += int(buf[j]) * 58
			buf[j] = byte(carry)
			carry >>= 8
		}
		if carry != 0 {
			return false // longer than 25 bytes
		}
	}
	// Each leading '1' encodes one leading zero byte, and only those do.
	ones := 0
	for ones < len(addr) && addr[ones] == '1' {
		ones++
	}
	zeros := 0
	for zeros < len(buf) && buf[zeros] == 0 {
		zeros++
	}
	if ones != zeros || (buf[0] != 0x00 && buf[0] != 0x05) {
		return false
	}
	first := sha256.Sum256(buf[:21])
	second := sha256.Sum256(first[:])
	return string(second[:4]) == string(buf[21:])
}

const bech32Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"

// bech32Polymod is BIP 173's checksum function.
func bech32Polymod(values []byte) uint32 {
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	for _, v := range values {
		top := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for i := 0; i < 5; i++ {
			if (top>>i)&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	return chk
}

// segwitValid reports whether addr is a mainnet SegWit address: bech32
// (BIP 173) for witness version 0, bech32m (BIP 350) for later versions.
func segwitValid(addr string) bool {
	lower := strings.ToLower(addr)
	if addr != lower && addr != strings.ToUpper(addr) {
		return false // mixed case is invalid
	}
	if len(lower) > 90 || !strings.HasPrefix(lower, "bc1") {
		return false
	}
	data := lower[3:]
	if len(data) < 7 {
		return false
	}
	values := []byte{'b' >> 5, 'c' >> 5, 0, 'b' & 31, 'c' & 31}
	for i := 0; i < len(data); i++ {
		v := strings.IndexByte(bech32Charset, data[i])
		if v < 0 {
			return false
		}
		values = append(values, byte(v))
	}
	chk := bech32Polymod(values)
	words := values[5:]
	version := words[0]
	program, ok := convertBits(words[1 : len(words)-6])
	if !ok || version > 16 || len(program) < 2 || len(program) > 40 {
		return false
	}
	if version == 0 {
		return chk == 1 && (len(program) == 20 || len(program) == 32)
	}
	return chk == 0x2bc830a3
}

// convertBits regroups 5-bit words into bytes, rejecting non-zero padding.
func convertBits(words []byte) ([]byte, bool) {
	var out []byte
	acc, n := 0, 0
	for _, w := range words {
		acc = acc<<5 | int(w)
		n += 5
		for n >= 8 {
			n -= 8
			out = append(out, byte(acc>>n))
		}
		acc &= 1<<n - 1
	}
	return out, n < 5 && acc == 0
}

// moneroBlockChars is how many base58 characters encode 0..8 bytes in
// Monero's block-wise base58.
var moneroBlockChars = [...]int{0, 2, 3, 5, 6, 7, 9, 10, 11}

// moneroValid reports whether addr is a Monero standard, integrated or
// subaddress: its network byte is one of those and its last four bytes are
// the Keccak-256 of the rest.
func moneroValid(addr string) bool {
	full, rest := len(addr)/11, len(addr)%11
	restBytes := -1
	for n, c := range moneroBlockChars {
		if c == rest {
			restBytes = n
		}
	}
	if restBytes < 0 {
		return false
	}
	data := make([]byte, 0, full*8+restBytes)
	for b := 0; b <= full; b++ {
		size, chunk := 8, addr[min(b*11, len(addr)):min(b*11+11, len(addr))]
		if b == full {
			size = restBytes
		}
		if size == 0 {
			continue
		}
		var num uint64
		for i := 0; i < len(chunk); i++ {
			v := base58Index[chunk[i]]
			if v < 0 {
				return false
			}
			hi, lo := bits.Mul64(num, 58)
			lo, carry := bits.Add64(lo, uint64(v), 0)
			if hi != 0 || carry != 0 {
				return false
			}
			num = lo
		}
		if size < 8 && num>>(8*size) != 0 {
			return false
		}
		var be [8]byte
		binary.BigEndian.PutUint64(be[:], num)
		data = append(data, be[8-size:]...)
	}
	switch {
	case len(data) == 69 && (data[0] == 0x12 || data[0] == 0x2a):
	case len(data) == 77 && data[0] == 0x13:
	default:
		return false
	}
	sum := keccak256(data[:len(data)-4])
	return string(sum[:4]) == string(data[len(data)-4:])
}

// keccak256 is the original Keccak-256 (padding 0x01) that Monero and
// Ethereum use, not the standardised SHA3-256.
func keccak256(msg []byte) [32]byte {
	const rate = 136
	var st [25]uint64
	absorb := func(block []byte) {
		for i := 0; i < rate/8; i++ {
			st[i] ^= binary.LittleEndian.Uint64(block[8*i:])
		}
		keccakF1600(&st)
	}
	for len(msg) >= rate {
		absorb(msg[:rate])
		msg = msg[rate:]
	}
	var last [rate]byte
	copy(last[:], msg)
	last[len(msg)] ^= 0x01
	last[rate-1] ^= 0x80
	absorb(last[:])
	var out [32]byte
	for i := 0; i < 4; i++ {
		binary.LittleEndian.PutUint64(out[8*i:], st[i])
	}
	return out
}

var keccakRoundConstants = [24]uint64{
	0x0000000000000001, 0x0000000000008082, 0x800000000000808a, 0x8000000080008000,
	0x000000000000808b, 0x0000000080000001, 0x8000000080008081, 0x8000000000008009,
	0x000000000000008a, 0x0000000000000088, 0x0000000080008009, 0x000000008000000a,
	0x000000008000808b, 0x800000000000008b, 0x8000000000008089, 0x8000000000008003,
	0x8000000000008002, 0x8000000000000080, 0x000000000000800a, 0x800000008000000a,
	0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
}

// keccakRotations and keccakLanes drive the combined rho and pi steps: lane
// keccakLanes[i] receives the previous lane rotated by keccakRotations[i].
var (
	keccakRotations = [24]int{1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44}
	keccakLanes     = [24]int{10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1}
)

// keccakF1600 is the Keccak permutation.
func keccakF1600(st *[25]uint64) {
	var c [5]uint64
	for round := 0; round < 24; round++ {
		// theta
		for i := 0; i < 5; i++ {
			c[i] = st[i] ^ st[i+5] ^ st[i+10] ^ st[i+15] ^ st[i+20]
		}
		for i := 0; i < 5; i++ {
			d := c[(i+4)%5] ^ bits.RotateLeft64(c[(i+1)%5], 1)
			for j := 0; j < 25; j += 5 {
				st[j+i] ^= d
			}
		}
		// rho and pi
		carry := st[1]
		for i := 0; i < 24; i++ {
			j := keccakLanes[i]
			carry, st[j] = st[j], bits.RotateLeft64(carry, keccakRotations[i])
		}
		// chi
		for j := 0; j < 25; j += 5 {
			for i := 0; i < 5; i++ {
				c[i] = st[j+i]
			}
			for i := 0; i < 5; i++ {
				st[j+i] ^= ^c[(i+1)%5] & c[(i+2)%5]
			}
		}
		// iota
		st[0] ^= keccakRoundConstants[round]
	}
}
