// Command gen writes the 示例市 sample data (sample/data/*.json) from the
// tables in tables.go. It is run by `go generate ./sample`; its output is
// deterministic, committed, and checked against the tables by the package
// test.
//
// The JSON is the protojson form of zeren.v1.Structure, one record per line,
// with calendar dates written as the instant the day begins in 示例市
// (UTC+8), e.g. "2026-07-01T00:00:00+08:00".
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"google.golang.org/protobuf/encoding/protojson"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// cst is the sample's time zone; it must equal sample.Location.
var cst = time.FixedZone("CST", 8*3600)

// Output files, relative to the sample package directory.
const (
	mainFile      = "structure.json"
	fourLevelFile = "structure-four-level.json"
)

func main() {
	dir := flag.String("dir", "data", "directory to write the JSON files into")
	flag.Parse()
	files, err := render()
	if err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(*dir, name), b, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "gen:", err)
			os.Exit(1)
		}
	}
}

// render returns the contents of every output file by name, each checked to
// parse as a zeren.v1.Structure.
func render() (map[string][]byte, error) {
	out := map[string][]byte{}
	for name, four := range map[string]bool{mainFile: false, fourLevelFile: true} {
		s, err := build(four)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		b, err := s.marshal()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if err := protojson.Unmarshal(b, &zerenv1.Structure{}); err != nil {
			return nil, fmt.Errorf("%s does not parse as zeren.v1.Structure: %w", name, err)
		}
		out[name] = b
	}
	return out, nil
}

// The j* types mirror zeren.v1 messages field for field, in field order,
// with protojson's JSON names. They exist so that timestamps keep their
// +08:00 offset (protojson.Marshal would write UTC) and so that each record
// fits on one line.

type jUnit struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Kind      string `json:"kind"`
	KeyUnit   bool   `json:"keyUnit,omitempty"`
	ShortName string `json:"shortName"`
}

type jOrg struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	LevelID     string `json:"levelId"`
	ParentID    string `json:"parentId,omitempty"`
	UnitID      string `json:"unitId"`
	MemberCount int32  `json:"memberCount"`
	ShortName   string `json:"shortName"`
}

type jPost struct {
	ID             string `json:"id"`
	OrganizationID string `json:"organizationId"`
	PostKindID     string `json:"postKindId"`
	Title          string `json:"title,omitempty"`
}

type jPerson struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Position string `json:"position,omitempty"`
}

type jAppointment struct {
	ID          string   `json:"id"`
	PersonID    string   `json:"personId"`
	PostID      string   `json:"postId"`
	Kind        string   `json:"kind"`
	Start       string   `json:"start"`
	End         string   `json:"end,omitempty"`
	DutyAreaIDs []string `json:"dutyAreaIds,omitempty"`
	Document    string   `json:"document,omitempty"`
}

type jDutyArea struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type structure struct {
	frameworkID  string
	units        []jUnit
	orgs         []jOrg
	posts        []jPost
	people       []jPerson
	appointments []jAppointment
	dutyAreas    []jDutyArea
}

func (s *structure) marshal() ([]byte, error) {
	var buf bytes.Buffer
	fid, _ := json.Marshal(s.frameworkID)
	fmt.Fprintf(&buf, "{\n  \"frameworkId\": %s", fid)
	sections := []struct {
		name string
		rows []any
	}{
		{"units", rows(s.units)},
		{"organizations", rows(s.orgs)},
		{"posts", rows(s.posts)},
		{"people", rows(s.people)},
		{"appointments", rows(s.appointments)},
		{"dutyAreas", rows(s.dutyAreas)},
	}
	for _, sec := range sections {
		fmt.Fprintf(&buf, ",\n  %q: [", sec.name)
		for i, r := range sec.rows {
			var line bytes.Buffer
			enc := json.NewEncoder(&line)
			enc.SetEscapeHTML(false)
			if err := enc.Encode(r); err != nil {
				return nil, err
			}
			if i > 0 {
				buf.WriteByte(',')
			}
			buf.WriteString("\n    ")
			buf.Write(bytes.TrimRight(line.Bytes(), "\n"))
		}
		buf.WriteString("\n  ]")
	}
	buf.WriteString("\n}\n")
	return buf.Bytes(), nil
}

func rows[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i := range xs {
		out[i] = xs[i]
	}
	return out
}

// build turns the tables into the 三级五岗 structure, or, with fourLevel, into
// the smaller 四级四岗 structure where the 工委 sits above three units.
func build(fourLevel bool) (*structure, error) {
	s := &structure{frameworkID: "sanji-wugang"}
	if fourLevel {
		s.frameworkID = "siji-sigang"
	}
	for _, a := range dutyAreas {
		s.dutyAreas = append(s.dutyAreas, jDutyArea{ID: a[0], Name: a[1]})
	}
	areaIDs := map[string]bool{}
	for _, a := range dutyAreas {
		areaIDs[a[0]] = true
	}
	keep := map[string]bool{}
	for _, id := range fourLevelUnits {
		keep[id] = true
	}
	wcOrgID := ""
	for ui, u := range units {
		isWC := u.kind == zerenv1.UnitKind_UNIT_KIND_WORK_COMMITTEE
		if fourLevel && !isWC && !keep[u.id] {
			continue
		}
		b := &unitBuilder{s: s, u: u, ui: ui, areaIDs: areaIDs, referenced: map[string]bool{}}
		if err := b.people(); err != nil {
			return nil, err
		}
		s.units = append(s.units, jUnit{ID: u.id, Name: u.name, Kind: u.kind.String(), KeyUnit: u.key, ShortName: u.short})
		if fourLevel && isWC {
			wcOrgID = u.id + "-wc"
			s.orgs = append(s.orgs, jOrg{
				ID: wcOrgID, Name: u.pgNameOr(), LevelID: "work-committee", UnitID: u.id,
				MemberCount: int32(1 + len(u.members)), ShortName: u.pgShortOr(),
			})
			b.post(wcOrgID+"-sec", wcOrgID, "work-committee-secretary", u.secTitle, u.secretary, "pg", true)
			b.emitPeople()
			continue
		}
		parent := ""
		if fourLevel {
			if wcOrgID == "" {
				return nil, fmt.Errorf("the work committee must come first in the tables")
			}
			parent = wcOrgID
		}
		pg, oc := u.id+"-pg", u.id+"-oc"
		s.orgs = append(s.orgs, jOrg{
			ID: pg, Name: u.pgNameOr(), LevelID: "party-group", ParentID: parent, UnitID: u.id,
			MemberCount: int32(1 + len(u.members)), ShortName: u.pgShortOr(),
		})
		var total int32
		for _, br := range u.branches {
			total += br.members
		}
		s.orgs = append(s.orgs, jOrg{
			ID: oc, Name: u.ocNameOr(), LevelID: "organ-committee", ParentID: pg, UnitID: u.id,
			MemberCount: total, ShortName: u.ocShortOr(),
		})
		for i, br := range u.branches {
			s.orgs = append(s.orgs, jOrg{
				ID: fmt.Sprintf("%s-b%d", u.id, i+1), Name: u.prefix() + br.name, LevelID: "branch", ParentID: oc,
				UnitID: u.id, MemberCount: br.members, ShortName: u.short + br.short,
			})
		}
		// Posts are walked in the same order in both modes so that the derived
		// start dates agree; emit says whether the post exists in this mode.
		b.post(pg+"-sec", pg, "party-group-secretary", u.secTitleOr(), u.secretary, "pg", true)
		for i, m := range u.members {
			b.post(fmt.Sprintf("%s-m%d", pg, i+1), pg, "party-group-member", m.title, m.holders, "pg", !fourLevel)
		}
		b.post(oc+"-sec", oc, "organ-committee-secretary", or(u.ocTitle, "机关党委书记"), u.ocSec, "oc", true)
		b.post(oc+"-dis", oc, "discipline-secretary", or(u.disTitle, "机关纪委书记"), u.dis, "oc", !fourLevel)
		for i, br := range u.branches {
			org := fmt.Sprintf("%s-b%d", u.id, i+1)
			b.post(org+"-sec", org, "branch-secretary", "党支部书记", br.holders, "branch", true)
		}
		if !fourLevel {
			for _, p := range u.people {
				if !b.referenced[p.key] {
					return nil, fmt.Errorf("unit %q: person %q (%s) holds no post", u.id, p.key, p.name)
				}
			}
		}
		b.emitPeople()
	}
	return s, nil
}

type unitBuilder struct {
	s          *structure
	u          unit
	ui         int
	seq        int // tenures seen so far in this unit, for derived dates
	areaIDs    map[string]bool
	ids        map[string]string // person key → id
	referenced map[string]bool
}

func (b *unitBuilder) people() error {
	b.ids = map[string]string{}
	for i, p := range b.u.people {
		if _, dup := b.ids[p.key]; dup {
			return fmt.Errorf("unit %q: person key %q declared twice", b.u.id, p.key)
		}
		b.ids[p.key] = fmt.Sprintf("p-%s-%02d", b.u.id, i+1)
	}
	return nil
}

// emitPeople appends the unit's people that hold a post in this structure,
// in declaration order.
func (b *unitBuilder) emitPeople() {
	for _, p := range b.u.people {
		if b.referenced[p.key] {
			b.s.people = append(b.s.people, jPerson{ID: b.ids[p.key], Name: p.name, Position: p.position})
		}
	}
}

// post adds a post and its appointments when emit is set; it always
// advances the derived-date sequence.
func (b *unitBuilder) post(id, org, kind, title string, holders []tenure, docKind string, emit bool) {
	if emit {
		b.s.posts = append(b.s.posts, jPost{ID: id, OrganizationID: org, PostKindID: kind, Title: title})
	}
	for i, t := range holders {
		b.seq++
		start := t.start
		if start == "" {
			year := 2021 + (b.ui*3+b.seq)%5
			month := 1 + (b.ui*7+b.seq*5)%12
			start = fmt.Sprintf("%04d-%02d-01", year, month)
		}
		doc := t.doc
		if doc == "" {
			doc = b.document(docKind, start[:4])
		}
		if !emit {
			continue
		}
		pid, ok := b.ids[t.who]
		if !ok {
			panic(fmt.Sprintf("unit %q post %q: unknown person key %q", b.u.id, id, t.who))
		}
		for _, a := range t.areas {
			if !b.areaIDs[a] {
				panic(fmt.Sprintf("unit %q post %q: unknown duty area %q", b.u.id, id, a))
			}
		}
		b.referenced[t.who] = true
		b.s.appointments = append(b.s.appointments, jAppointment{
			ID: fmt.Sprintf("a-%s-%d", id, i+1), PersonID: pid, PostID: id, Kind: t.kind.String(),
			Start: instant(start), End: instantOrEmpty(t.end), DutyAreaIDs: t.areas, Document: doc,
		})
	}
}

// document derives a plausible 任免文件 number.
func (b *unitBuilder) document(kind, year string) string {
	n := 3 + (b.ui*13+b.seq*7)%60
	switch kind {
	case "pg":
		if b.u.kind == zerenv1.UnitKind_UNIT_KIND_STATIONED {
			return fmt.Sprintf("税总示党任〔%s〕%d号", year, n)
		}
		return fmt.Sprintf("示组任〔%s〕%d号", year, n)
	case "oc":
		return fmt.Sprintf("示直机工〔%s〕%d号", year, n)
	default:
		return fmt.Sprintf("%s〔%s〕%d号", b.u.ocShortOr(), year, n%20+1)
	}
}

func instant(day string) string {
	t, err := time.ParseInLocation("2006-01-02", day, cst)
	if err != nil {
		panic(err)
	}
	return t.Format(time.RFC3339)
}

func instantOrEmpty(day string) string {
	if day == "" {
		return ""
	}
	return instant(day)
}

func or(s, def string) string {
	if s != "" {
		return s
	}
	return def
}

func (u unit) prefix() string     { return or(u.orgPrefix, "中共"+u.name) }
func (u unit) pgNameOr() string   { return or(u.pgName, u.prefix()+"党组") }
func (u unit) pgShortOr() string  { return or(u.pgShort, u.short+"党组") }
func (u unit) ocNameOr() string   { return or(u.ocName, u.prefix()+"机关委员会") }
func (u unit) ocShortOr() string  { return or(u.ocShort, u.short+"机关党委") }
func (u unit) secTitleOr() string { return or(u.secTitle, "党组书记") }
