package accountability

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/zerenlab/zeren/calendar"
	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// maxEvidenceIDs caps the ids listed for one fact; the rest are counted.
const maxEvidenceIDs = 20

// evidence lists what made a trigger fire: its condition, the finding or
// case a scoped proposal rests on, and every fact the condition read, lists
// by their ids rather than their count.
// The subject's date is the local day, in loc, of the instant it was found
// or opened: a finding of 2026-03-10 (00:00 UTC+8) is dated "2026-03-10",
// not the UTC day before.
func evidence(condition string, sub subject, f *zerenv1.UnitFacts, res *zerenv1.Result, inputs []*zerenv1.Input, loc *time.Location) []*zerenv1.Input {
	out := []*zerenv1.Input{{Path: "trigger.condition", Value: condition}}
	if sub.kind != "" {
		out = append(out, &zerenv1.Input{Path: sub.kind + ".id", Value: sub.id})
		if sub.at != nil {
			out = append(out, &zerenv1.Input{Path: sub.kind + ".date", Value: calendar.FormatDate(sub.at, loc)})
		}
	}
	for _, in := range inputs {
		v := in.GetValue()
		switch strings.TrimPrefix(in.GetPath(), "facts.") {
		case "result.veto_ids":
			v = idList(res.GetVetoIds())
		case "findings":
			v = idList(ids(f.GetFindings()))
		case "cases":
			v = idList(ids(f.GetCases()))
		case "assignments":
			v = idList(ids(f.GetAssignments()))
		}
		out = append(out, &zerenv1.Input{Path: in.GetPath(), Value: v})
	}
	return out
}

func ids[T interface{ GetId() string }](items []T) []string {
	out := make([]string, len(items))
	for i, x := range items {
		out[i] = x.GetId()
	}
	return out
}

// idList renders ids as a list, e.g. ["F-01", "F-07"]; beyond
// maxEvidenceIDs it lists the first ones and says how many there are.
func idList(ids []string) string {
	n := len(ids)
	shown := ids
	if n > maxEvidenceIDs {
		shown = ids[:maxEvidenceIDs]
	}
	q := make([]string, len(shown))
	for i, id := range shown {
		q[i] = strconv.Quote(id)
	}
	s := "[" + strings.Join(q, ", ")
	if n > maxEvidenceIDs {
		s += fmt.Sprintf(", …（共%d项）", n)
	}
	return s + "]"
}
