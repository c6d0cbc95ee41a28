package xlsx_test

import (
	"bytes"
	"errors"
	"testing"

	"google.golang.org/protobuf/proto"

	"github.com/zerenlab/zeren/problem"
	"github.com/zerenlab/zeren/sample"
	"github.com/zerenlab/zeren/xlsx"
)

// convertible fails unless an import error reads as the library's
// validation error, one problem per workbook problem, each with a code.
func convertible(t *testing.T, err error, ie *xlsx.ImportError) {
	t.Helper()
	ve, ok := problem.As(err)
	if !ok || ve.Source != "xlsx" || len(ve.Problems) != len(ie.Problems) {
		t.Fatalf("an import error does not convert to a problem.ValidationError: %v", err)
	}
	for i, p := range ve.Problems {
		if p.Code == "" || p.Path != ie.Problems[i].Location() || !errors.Is(err, p.Code) {
			t.Fatalf("problem %d converts to %+v", i, p)
		}
	}
}

// FuzzReadPlan feeds arbitrary bytes to the import: it never panics, returns
// a plan or an error but not both, reports only located *ImportErrors that convert to the library's
// *problem.ValidationError, and a
// plan it accepts survives another round trip unchanged.
func FuzzReadPlan(f *testing.F) {
	f.Add(writePlan(f, nil))
	f.Add(writePlan(f, sample.Plan()))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		limits := xlsx.WithLimits(xlsx.Limits{MaxBytes: 1 << 20, MaxUnzipped: 4 << 20, MaxRows: 2000})
		plan, err := xlsx.ReadPlan(bytes.NewReader(data), limits)
		if err != nil {
			if plan != nil {
				t.Fatal("a plan and an error")
			}
			var ie *xlsx.ImportError
			if !errors.As(err, &ie) || len(ie.Problems) == 0 {
				t.Fatalf("not a located import error: %v", err)
			}
			convertible(t, err, ie)
			return
		}
		var buf bytes.Buffer
		if err := xlsx.WritePlan(&buf, plan); err != nil {
			return // ids that cannot be written as list cells
		}
		again, err := xlsx.ReadPlan(&buf, limits)
		if err != nil {
			t.Fatalf("a plan read from a workbook does not read back: %v", err)
		}
		if !proto.Equal(plan, again) {
			t.Fatal("a second round trip changed the plan")
		}
	})
}

// FuzzReadReviews feeds arbitrary bytes to the ballot import: it never
// panics, returns reviews or a located error but not both, and ballots it
// accepts survive another round trip unchanged.
func FuzzReadReviews(f *testing.F) {
	scheme := sample.IndicatorSystem().GetReview()
	f.Add(writeReviews(f, scheme, nil))
	f.Add(writeReviews(f, scheme, sample.Reviews2026()))
	f.Fuzz(func(t *testing.T, data []byte) {
		limits := xlsx.WithLimits(xlsx.Limits{MaxBytes: 1 << 20, MaxUnzipped: 4 << 20, MaxRows: 2000})
		reviews, err := xlsx.ReadReviews(bytes.NewReader(data), scheme, limits)
		if err != nil {
			if reviews != nil {
				t.Fatal("reviews and an error")
			}
			var ie *xlsx.ImportError
			if !errors.As(err, &ie) || len(ie.Problems) == 0 {
				t.Fatalf("not a located import error: %v", err)
			}
			convertible(t, err, ie)
			return
		}
		var buf bytes.Buffer
		if err := xlsx.WriteReviews(&buf, scheme, reviews); err != nil {
			t.Fatalf("accepted reviews do not write: %v", err)
		}
		again, err := xlsx.ReadReviews(&buf, scheme, limits)
		if err != nil {
			t.Fatalf("reviews read from a workbook do not read back: %v", err)
		}
		if len(again) != len(reviews) {
			t.Fatal("a second round trip changed the reviews")
		}
		for i := range again {
			if !proto.Equal(again[i], reviews[i]) {
				t.Fatal("a second round trip changed the reviews")
			}
		}
	})
}
