package frameworks

import (
	"embed"
	"fmt"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Framework ids of the embedded frameworks.
const (
	// SanjiWugangID is the id of the 三级五岗 framework.
	SanjiWugangID = "sanji-wugang"
	// SijiSigangID is the id of the 四级四岗 framework.
	SijiSigangID = "siji-sigang"
)

//go:embed data/*.json
var files embed.FS

// order lists the embedded documents in the order [All] returns them.
var order = []string{
	"data/sanji-wugang.json",
	"data/siji-sigang.json",
}

// embedded holds the parsed frameworks, in [order]. It is never modified
// after init; accessors hand out clones.
var embedded = mustLoad()

func mustLoad() []*zerenv1.Framework {
	out := make([]*zerenv1.Framework, 0, len(order))
	for _, name := range order {
		f, err := load(name)
		if err != nil {
			// A malformed embedded document is a programmer error caught by
			// the package tests.
			panic(err)
		}
		out = append(out, f)
	}
	return out
}

func load(name string) (*zerenv1.Framework, error) {
	b, err := files.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("frameworks: read %s: %w", name, err)
	}
	f := &zerenv1.Framework{}
	if err := (protojson.UnmarshalOptions{}).Unmarshal(b, f); err != nil {
		return nil, fmt.Errorf("frameworks: parse %s: %w", name, err)
	}
	return f, nil
}

// SanjiWugang returns the 三级五岗 framework (id [SanjiWugangID]): the levels
// 党组（党委） "party-group", 机关党委（党总支） "organ-committee" and 党支部
// "branch", and the post kinds "party-group-secretary", "party-group-member",
// "organ-committee-secretary", "discipline-secretary" and "branch-secretary".
// Each call returns a new copy.
func SanjiWugang() *zerenv1.Framework {
	f, _ := ByID(SanjiWugangID)
	return f
}

// SijiSigang returns the 四级四岗 framework (id [SijiSigangID]): the supervising
// 机关工委 "work-committee" above "party-group", "organ-committee" and "branch",
// with the post kinds "work-committee-secretary", "party-group-secretary",
// "organ-committee-secretary" and "branch-secretary". Each call returns a new
// copy.
func SijiSigang() *zerenv1.Framework {
	f, _ := ByID(SijiSigangID)
	return f
}

// All returns a copy of every embedded framework, 三级五岗 first.
func All() []*zerenv1.Framework {
	out := make([]*zerenv1.Framework, len(embedded))
	for i, f := range embedded {
		out[i] = clone(f)
	}
	return out
}

// ByID returns a copy of the embedded framework with the given id, and false
// if there is none.
func ByID(id string) (*zerenv1.Framework, bool) {
	for _, f := range embedded {
		if f.GetId() == id {
			return clone(f), true
		}
	}
	return nil, false
}

func clone(f *zerenv1.Framework) *zerenv1.Framework {
	return proto.Clone(f).(*zerenv1.Framework)
}
