package sample

import (
	_ "embed"
	"fmt"
	"time"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/proto"

	zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"
)

//go:generate go run ./internal/gen -dir data

// Location is the sample's time zone (示例市 keeps China Standard Time,
// UTC+8). Every date in the data is the instant its day begins here.
var Location = time.FixedZone("CST", 8*3600)

// Year is the calendar year the sample covers: every post is filled on
// every day of it.
const Year = 2026

// Units of note.
const (
	// WorkCommitteeUnitID is the 市直机关工委 (UNIT_KIND_WORK_COMMITTEE).
	WorkCommitteeUnitID = "gw"
	// FinanceUnitID is 示例市财政局, a key unit (重点单位).
	FinanceUnitID = "czj"
	// DevelopmentUnitID is 示例市发展和改革委员会, the other key unit.
	DevelopmentUnitID = "fgw"
	// StationedUnitID is 国家税务总局示例市税务局, the 中央驻市单位.
	StationedUnitID = "sws"
)

// The 党组书记 rotation at 市财政局: 周启明 hands over to 叶思远 at the start of
// [RotationDate].
const (
	// RotationUnitID is the unit where the 党组书记 changes mid-year.
	RotationUnitID = FinanceUnitID
	// RotationOrgID is its 党组, 中共示例市财政局党组.
	RotationOrgID = "czj-pg"
	// RotationPostID is the 党组书记 post that changes hands.
	RotationPostID = "czj-pg-sec"
	// RotationBranchID is a 党支部 of the unit (机关第一支部), for chain
	// queries that climb through the rotation.
	RotationBranchID = "czj-b1"
	// RotationOldSecretaryID is 周启明, 党组书记 until [RotationDate].
	RotationOldSecretaryID = "p-czj-01"
	// RotationNewSecretaryID is 叶思远, 党组书记 from [RotationDate].
	RotationNewSecretaryID = "p-czj-02"
	// RotationOldAppointmentID ends at [RotationDate].
	RotationOldAppointmentID = "a-czj-pg-sec-1"
	// RotationNewAppointmentID starts at [RotationDate].
	RotationNewAppointmentID = "a-czj-pg-sec-2"
	// DualRolePersonID is 韩玉洁 of 市财政局: a 党组成员 overseeing 机关党建
	// (post "czj-pg-m4") who also holds the 机关党委书记 post ("czj-oc-sec").
	DualRolePersonID = "p-czj-06"
)

// RotationDate is 2026-07-01 00:00 in [Location]: the old 党组书记's
// appointment ends and the new one's starts at this instant.
var RotationDate = time.Date(Year, time.July, 1, 0, 0, 0, 0, Location)

// The acting (代理) branch secretary at 市教育局机关第二支部: the regular
// secretary 毕雅楠 leaves at [ActingStart], the 副书记 郝振宇 presides until
// [ActingEnd], when the newly elected 安若琳 takes over.
const (
	// ActingUnitID is 示例市教育局.
	ActingUnitID = "jyj"
	// ActingOrgID is the 党支部 whose secretary is acting.
	ActingOrgID = "jyj-b2"
	// ActingPostID is its 党支部书记 post.
	ActingPostID = "jyj-b2-sec"
	// ActingPersonID is 郝振宇, the acting secretary.
	ActingPersonID = "p-jyj-10"
	// ActingAppointmentID is the ACTING appointment.
	ActingAppointmentID = "a-jyj-b2-sec-2"
	// ActingPreviousSecretaryID is 毕雅楠, whose appointment ends at
	// [ActingStart].
	ActingPreviousSecretaryID = "p-jyj-09"
	// ActingNextSecretaryID is 安若琳, whose appointment starts at [ActingEnd].
	ActingNextSecretaryID = "p-jyj-11"
)

// ActingStart (2026-03-15) and ActingEnd (2026-09-01) bound the acting
// appointment, [ActingStart, ActingEnd) in [Location].
var (
	ActingStart = time.Date(Year, time.March, 15, 0, 0, 0, 0, Location)
	ActingEnd   = time.Date(Year, time.September, 1, 0, 0, 0, 0, Location)
)

// The delegated (委托) 机关党委书记 at 市发展改革委: the regular holder 严立华
// attends a 市委党校 course and the 专职副书记 金海峰 carries the post's duties
// beside her from [DelegatedStart] to [DelegatedEnd].
const (
	// DelegatedUnitID is 示例市发展和改革委员会.
	DelegatedUnitID = DevelopmentUnitID
	// DelegatedPostID is the 机关党委书记 post.
	DelegatedPostID = "fgw-oc-sec"
	// DelegatedPersonID is 金海峰, 机关党委专职副书记, the delegate.
	DelegatedPersonID = "p-fgw-07"
	// DelegatedAppointmentID is the DELEGATED appointment.
	DelegatedAppointmentID = "a-fgw-oc-sec-2"
	// DelegatingPersonID is 严立华, the regular holder (also a 党组成员
	// overseeing 机关党建), who stays in the post throughout.
	DelegatingPersonID = "p-fgw-05"
)

// DelegatedStart (2026-04-01) and DelegatedEnd (2026-06-01) bound the
// delegated appointment, [DelegatedStart, DelegatedEnd) in [Location].
var (
	DelegatedStart = time.Date(Year, time.April, 1, 0, 0, 0, 0, Location)
	DelegatedEnd   = time.Date(Year, time.June, 1, 0, 0, 0, 0, Location)
)

// WorkCommitteeOrgID is the 工委's organisation in [StructureFourLevel], at
// the supervising level "work-committee". (In [Structure] the 工委 is a unit
// like the others, with its own 党组-level organisation "gw-pg".)
const WorkCommitteeOrgID = "gw-wc"

var (
	//go:embed data/structure.json
	structureJSON []byte
	//go:embed data/structure-four-level.json
	fourLevelJSON []byte

	// The parsed data; never modified after init, handed out as clones.
	structure = mustParse("data/structure.json", structureJSON)
	fourLevel = mustParse("data/structure-four-level.json", fourLevelJSON)
)

func parse(b []byte) (*zerenv1.Structure, error) {
	s := &zerenv1.Structure{}
	if err := (protojson.UnmarshalOptions{}).Unmarshal(b, s); err != nil {
		return nil, err
	}
	return s, nil
}

func mustParse(name string, b []byte) *zerenv1.Structure {
	s, err := parse(b)
	if err != nil {
		// A malformed embedded file is a programmer error caught by the
		// package tests.
		panic(fmt.Sprintf("sample: parse %s: %v", name, err))
	}
	return s
}

// Structure returns 示例市 under the 三级五岗 framework (framework_id
// "sanji-wugang"): twelve units, their Party organisations, posts, people,
// appointments over 2026 and duty areas. Each call returns a new copy.
func Structure() *zerenv1.Structure {
	return proto.Clone(structure).(*zerenv1.Structure)
}

// StructureFourLevel returns a small cut of 示例市 under the 四级四岗 framework
// (framework_id "siji-sigang"): the 工委 as the top organisation
// ([WorkCommitteeOrgID]) above 市财政局, 市发展改革委 and 市税务局, with only the
// four secretaries' posts. Ids of shared records match [Structure]. Each call
// returns a new copy.
func StructureFourLevel() *zerenv1.Structure {
	return proto.Clone(fourLevel).(*zerenv1.Structure)
}
