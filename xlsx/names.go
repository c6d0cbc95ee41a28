package xlsx

import (
	"strconv"
	"strings"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

// Names resolve ids to what people read, from the hierarchy given with
// [WithHierarchy]; without one, or for an unknown id, the id itself.

func (c *config) unitShort(id string) string {
	if c.h != nil {
		if u, ok := c.h.Unit(id); ok {
			if u.GetShortName() != "" {
				return u.GetShortName()
			}
			return u.GetName()
		}
		if o, ok := c.h.Organization(id); ok {
			return o.GetName()
		}
	}
	return id
}

func (c *config) orgName(id string) string {
	if c.h != nil {
		if o, ok := c.h.Organization(id); ok {
			return o.GetName()
		}
	}
	return id
}

// orgUnit is the unit an organisation belongs to, or the organisation.
func (c *config) orgUnit(id string) string {
	if c.h != nil {
		if o, ok := c.h.Organization(id); ok && o.GetUnitId() != "" {
			return o.GetUnitId()
		}
	}
	return id
}

func (c *config) postName(id string) string {
	if c.h != nil {
		if p, ok := c.h.Post(id); ok {
			if p.GetTitle() != "" {
				return p.GetTitle()
			}
			if k, ok := c.h.PostKind(p.GetPostKindId()); ok {
				return k.GetName()
			}
		}
	}
	return id
}

func (c *config) personOrID(id string) string {
	if n := c.personName(id); n != "" {
		return n
	}
	return id
}

// sheetNames makes unique, valid sheet names.
type sheetNames map[string]bool

func (s sheetNames) name(want string) string {
	want = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\'`, r) {
			return '_'
		}
		return r
	}, want)
	if want == "" {
		want = "Sheet"
	}
	r := []rune(want)
	if len(r) > 28 {
		r = r[:28]
	}
	name := string(r)
	for i := 2; s[name]; i++ {
		name = string(r) + "(" + itoa(i) + ")"
	}
	s[name] = true
	return name
}

func itoa(i int) string { return strconv.Itoa(i) }

func periodLabel(p *zerenv1.Period) string {
	if p == nil {
		return ""
	}
	y := itoa(int(p.GetYear())) + "年"
	switch p.GetKind() {
	case zerenv1.PeriodKind_PERIOD_KIND_HALF:
		if p.GetIndex() == 1 {
			return y + "上半年"
		}
		return y + "下半年"
	case zerenv1.PeriodKind_PERIOD_KIND_QUARTER:
		return y + "第" + string([]rune("一二三四")[max(min(p.GetIndex(), 4), 1)-1]) + "季度"
	case zerenv1.PeriodKind_PERIOD_KIND_MONTH:
		return y + itoa(int(p.GetIndex())) + "月"
	}
	return y
}
