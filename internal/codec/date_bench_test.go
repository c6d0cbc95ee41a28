package codec

import (
	"os"
	"regexp"
	"testing"
	"time"

	"google.golang.org/protobuf/encoding/protojson"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// BenchmarkUnmarshalStructure measures what reading dates costs a document
// load, on the sample city's structure: Unmarshal against protojson alone
// on the same document with RFC 3339 instants, reported as the ratio
// "x-protojson" — for the document as stored ("instants", which pays
// nothing: the date pass runs only when protojson refuses) and with every
// instant written as a date ("dates", which pays for the pass and a second
// decoding).
func BenchmarkUnmarshalStructure(b *testing.B) {
	data, err := os.ReadFile("../../sample/data/structure.json")
	if err != nil {
		b.Skip(err)
	}
	dated := regexp.MustCompile(`"(\d{4}-\d{2}-\d{2})T00:00:00\+08:00"`).ReplaceAll(data, []byte(`"$1"`))
	if len(dated) == len(data) {
		b.Fatal("the sample structure has no local-midnight instants to write as dates")
	}
	const n = 20
	start := time.Now()
	for range n {
		var s zerenv1.Structure
		if err := protojson.Unmarshal(data, &s); err != nil {
			b.Fatal(err)
		}
	}
	plain := time.Since(start) / n
	for _, tt := range []struct {
		name string
		doc  []byte
	}{{"instants", data}, {"dates", dated}} {
		b.Run(tt.name, func(b *testing.B) {
			b.SetBytes(int64(len(tt.doc)))
			for b.Loop() {
				var s zerenv1.Structure
				if err := Unmarshal("structure", tt.doc, JSON, &s); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed()/time.Duration(b.N))/float64(plain), "x-protojson")
		})
	}
}
