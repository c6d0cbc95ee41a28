package xlsx

import (
	"fmt"
	"io"
	"slices"
	"strings"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Headers of the 述职评议测评表.
const (
	hUnitID, hUnitName, hPersonID, hPerson = "单位编号", "单位名称", "述职人编号", "述职人"
	hPeriodKind, hPeriodIndex              = "期间类型", "期间序号"
)

var reviewChoices = []zerenv1.ReviewChoice{
	zerenv1.ReviewChoice_REVIEW_CHOICE_GOOD, zerenv1.ReviewChoice_REVIEW_CHOICE_FAIRLY_GOOD,
	zerenv1.ReviewChoice_REVIEW_CHOICE_AVERAGE, zerenv1.ReviewChoice_REVIEW_CHOICE_POOR,
}

func reviewCols() []col {
	cols := []col{{header: hUnitID}, {header: hUnitName}, {header: hPersonID}, {header: hPerson},
		{header: hYear, prec: -1}, {header: hPeriodKind, list: hPeriodKind}, {header: hPeriodIndex, prec: -1}}
	for _, c := range reviewChoices {
		cols = append(cols, col{header: choicesEnum.label(int32(c)), prec: -1})
	}
	return cols
}

// groupSheet is the sheet name of a rater group: its name, without the
// characters Excel forbids, cut to 31 characters.
func groupSheet(g *zerenv1.RaterGroup) string {
	name := g.GetName()
	if name == "" {
		name = g.GetId()
	}
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) {
			return '_'
		}
		return r
	}, name)
	if r := []rune(name); len(r) > 31 {
		name = string(r[:31])
	}
	return name
}

// WriteReviews writes the 述职评议测评表: an instructions sheet, then one
// sheet per rater group of the scheme, a row per reviewee (the unit and the
// secretary who reports, with the period) and the tallies of 好, 较好, 一般
// and 差. With [WithHierarchy] it fills in unit and person names. Given no
// reviews it is the template, to be filled with one row per reviewee.
// [ReadReviews] reads the workbook back into identical reviews (proto.Equal)
// when each review's ballots are in the scheme's group order and the choice
// order 好, 较好, 一般, 差, one ballot per group and choice.
func WriteReviews(w io.Writer, scheme *zerenv1.ReviewScheme, reviews []*zerenv1.Review, opts ...Option) error {
	c := newConfig(opts)
	if len(scheme.GetRaterGroups()) == 0 {
		return fmt.Errorf("xlsx: the review scheme has no rater groups")
	}
	b, err := newBook()
	if err != nil {
		return err
	}
	if err := b.addSheet(SheetInstructions); err != nil {
		return err
	}
	lines := []string{"述职评议测评表",
		"1. 每个评议组一张表，每行一名述职人；在“好、较好、一般、差”下填写该评议组选该档次的票数（整数）。",
		"2. 单位编号、述职人编号和期间请勿修改；期间类型从下拉列表中选择。",
		"3. 请填写数值，不要使用公式，不要合并单元格。导入时一次列出所有问题，有问题时不导入任何数据。",
		"",
		"评议组编号与工作表："}
	for _, g := range scheme.GetRaterGroups() {
		lines = append(lines, fmt.Sprintf("%s：%s（权重 %g）", g.GetId(), groupSheet(g), g.GetWeight()))
	}
	for i, l := range lines {
		if err := b.f.SetCellStr(SheetInstructions, fmt.Sprintf("A%d", i+1), l); err != nil {
			return err
		}
	}
	if err := b.f.SetColWidth(SheetInstructions, "A", "A", 100); err != nil {
		return err
	}
	if err := b.list(hPeriodKind, frequencies.choices()); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, g := range scheme.GetRaterGroups() {
		name := groupSheet(g)
		if seen[name] {
			return fmt.Errorf("xlsx: two rater groups share the sheet name %q", name)
		}
		seen[name] = true
		var rows [][]any
		for _, r := range reviews {
			row := []any{r.GetUnitId(), c.unitName(r.GetUnitId()), r.GetPersonId(), c.personName(r.GetPersonId()),
				int(r.GetPeriod().GetYear()), frequencies.label(int32(r.GetPeriod().GetKind())), nonZero(r.GetPeriod().GetIndex())}
			for _, ch := range reviewChoices {
				var cell any
				for _, bl := range r.GetBallots() {
					if bl.GetRaterGroupId() == g.GetId() && bl.GetChoice() == ch {
						cell = int(bl.GetCount())
					}
				}
				row = append(row, cell)
			}
			rows = append(rows, row)
		}
		if err := b.table(name, reviewCols(), rows); err != nil {
			return err
		}
	}
	return b.write(w)
}

func (c *config) unitName(id string) string {
	if c.h == nil {
		return ""
	}
	if u, ok := c.h.Unit(id); ok {
		return u.GetName()
	}
	if o, ok := c.h.Organization(id); ok {
		return o.GetName()
	}
	return ""
}

func (c *config) personName(id string) string {
	if c.h == nil {
		return ""
	}
	if p, ok := c.h.Person(id); ok {
		return p.GetName()
	}
	return ""
}

// ReadReviews reads a 述职评议测评表 written by [WriteReviews] (or filled in
// from its template) into reviews: one per reviewee row, in the order they
// first appear, each with a ballot per group and choice whose cell is
// filled. Sheets are matched to the scheme's rater groups by name or id. It
// returns an [*ImportError] listing every problem by sheet and cell, and no
// reviews, when anything is wrong: a hostile file, a sheet that names no
// rater group, counts that are not whole numbers ≥ 0, a reviewee twice on
// one sheet, names that differ from one sheet to the next, and — with
// [WithHierarchy] — units and people it does not know.
func ReadReviews(r io.Reader, scheme *zerenv1.ReviewScheme, opts ...Option) (_ []*zerenv1.Review, err error) {
	defer recoverFormat(&err)
	c := newConfig(opts)
	f, err := open(r, c.limits)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var ps problems
	groupOrder := map[string]int{}
	bySheet := map[string]*zerenv1.RaterGroup{}
	for i, g := range scheme.GetRaterGroups() {
		groupOrder[g.GetId()] = i
		bySheet[groupSheet(g)] = g
		bySheet[g.GetId()] = g
	}
	var cols []column
	for _, cl := range reviewCols() {
		cols = append(cols, column{header: cl.header, required: cl.header == hUnitID || cl.header == hPersonID || cl.header == hYear})
	}
	type key struct {
		unit, person string
		kind         zerenv1.PeriodKind
		year, index  int32
	}
	var out []*zerenv1.Review
	index := map[key]*zerenv1.Review{}
	groupsSeen := map[string]string{}
	for _, sheet := range f.GetSheetList() {
		if sheet == SheetInstructions || sheet == optionsSheet {
			continue
		}
		g, ok := bySheet[sheet]
		if !ok {
			ps.add(sheet, "", "", CodeReference, "工作表“"+sheet+"”不是评议方案中的评议组",
				fmt.Sprintf("the sheet %q is no rater group of the review scheme", sheet))
			continue
		}
		if prev, dup := groupsSeen[g.GetId()]; dup {
			ps.add(sheet, "", "", CodeDuplicate, "与工作表“"+prev+"”是同一评议组", "the same rater group as the sheet "+prev)
			continue
		}
		groupsSeen[g.GetId()] = sheet
		t, ok := readTable(f, sheet, cols, c.limits, &ps)
		if !ok {
			continue
		}
		onSheet := map[key]int{}
		for _, row := range t.rows {
			rr := t.row(row, &ps)
			k := key{unit: rr.required(hUnitID), person: rr.required(hPersonID), year: rr.int32(hYear),
				kind: zerenv1.PeriodKind(rr.enum(hPeriodKind, frequencies)), index: rr.int32(hPeriodIndex)}
			if k.unit != "" && c.h != nil {
				if _, ok := c.h.Unit(k.unit); !ok {
					rr.add(hUnitID, CodeReference, "没有编号为“"+k.unit+"”的单位", fmt.Sprintf("no unit %q", k.unit))
				}
			}
			if k.person != "" && c.h != nil {
				if _, ok := c.h.Person(k.person); !ok {
					rr.add(hPersonID, CodeReference, "没有编号为“"+k.person+"”的人员", fmt.Sprintf("no person %q", k.person))
				}
			}
			if prev, dup := onSheet[k]; dup {
				rr.add(hUnitID, CodeDuplicate, fmt.Sprintf("述职人与第 %d 行重复", prev), fmt.Sprintf("the reviewee repeats row %d", prev))
				continue
			}
			onSheet[k] = row.n
			rev := index[k]
			if rev == nil {
				rev = &zerenv1.Review{UnitId: k.unit, PersonId: k.person}
				if k.kind != 0 || k.year != 0 || k.index != 0 {
					rev.Period = &zerenv1.Period{Kind: k.kind, Year: k.year, Index: k.index}
				}
				index[k] = rev
				out = append(out, rev)
			}
			for _, ch := range reviewChoices {
				h := choicesEnum.label(int32(ch))
				if rr.str(h) == "" {
					continue
				}
				n := rr.int32(h)
				if n < 0 {
					rr.add(h, CodeValue, "票数不能为负数", "a count cannot be negative")
				}
				rev.Ballots = append(rev.Ballots, &zerenv1.Ballot{RaterGroupId: g.GetId(), Choice: ch, Count: n})
			}
		}
	}
	if err := ps.err(); err != nil {
		return nil, err
	}
	for _, rev := range out {
		slices.SortStableFunc(rev.Ballots, func(a, b *zerenv1.Ballot) int {
			if d := groupOrder[a.GetRaterGroupId()] - groupOrder[b.GetRaterGroupId()]; d != 0 {
				return d
			}
			return int(a.GetChoice() - b.GetChoice())
		})
	}
	return out, nil
}
