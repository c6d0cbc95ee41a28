package main

import zerenv1 "github.com/zerenlab/zeren/proto/zeren/v1"

// The tables below are the whole of 示例市: edit them and run
// `go generate ./sample` to rewrite sample/data/*.json.

// person is one 人员 of a unit; key is local to the unit and id is assigned
// in declaration order ("p-<unit>-01", "p-<unit>-02", …).
type person struct {
	key, name, position string
}

// tenure is one 任职 of a person (by key) in a post. An empty start means
// "a regular start date before 2026", derived deterministically.
type tenure struct {
	who        string
	kind       zerenv1.AppointmentKind
	start, end string // "2006-01-02" in the sample's time zone
	areas      []string
	doc        string // empty: derived
}

type member struct {
	title   string
	holders []tenure
}

type branch struct {
	name, short string
	members     int32
	holders     []tenure
}

type unit struct {
	id, name, short string
	kind            zerenv1.UnitKind
	key             bool
	// orgPrefix begins the names of the unit's organisations:
	// "中共示例市财政局" → "中共示例市财政局党组", "中共示例市财政局机关委员会".
	orgPrefix string
	pgName    string // name of the 党组（党委）; default orgPrefix+"党组"
	ocName    string // name of the 机关党委; default orgPrefix+"机关委员会"
	ocShort   string // default short+"机关党委"
	pgShort   string // default short+"党组"
	secTitle  string // title of the 党组（党委）书记 post
	ocTitle   string // title of the 机关党委书记 post
	disTitle  string // title of the 机关纪委书记 post
	people    []person
	secretary []tenure
	members   []member
	ocSec     []tenure
	dis       []tenure
	branches  []branch
}

func reg(who string, areas ...string) tenure {
	return tenure{who: who, kind: zerenv1.AppointmentKind_APPOINTMENT_KIND_REGULAR, areas: areas}
}

func nth(ord string, members int32, holders ...tenure) branch {
	return branch{name: "机关第" + ord + "支部委员会", short: "机关第" + ord + "支部", members: members, holders: holders}
}

func retired(members int32, holders ...tenure) branch {
	return branch{name: "离退休干部支部委员会", short: "离退休干部支部", members: members, holders: holders}
}

var dutyAreas = [][2]string{
	{"party-building", "机关党建"},
	{"org-work", "组织工作"},
	{"publicity", "宣传思想工作"},
	{"office", "综合协调（办公室）"},
	{"personnel", "人事人才"},
	{"policy-legal", "政策法规"},
	{"finance-audit", "财务审计"},
	{"it", "信息化"},
	{"safety", "安全生产"},
	{"budget", "预算管理"},
	{"treasury", "国库支付"},
	{"planning", "发展规划"},
	{"investment", "投资管理"},
	{"price", "价格管理"},
	{"energy", "能源管理"},
	{"basic-education", "基础教育"},
	{"civil-affairs", "社会救助与社会事务"},
	{"employment", "就业创业"},
	{"social-security", "社会保障"},
	{"construction", "工程建设管理"},
	{"housing", "住房保障"},
	{"transport", "交通运输管理"},
	{"health", "医疗服务"},
	{"public-health", "疾病预防控制"},
	{"audit-business", "审计业务"},
	{"spatial-planning", "国土空间规划"},
	{"land", "土地管理与耕地保护"},
	{"tax-collection", "税收征管"},
	{"tax-service", "纳税服务"},
}

// units is 示例市: the 市直机关工委, ten 市直单位 and one 中央驻市单位.
var units = []unit{
	{
		id: "gw", name: "中共示例市直属机关工作委员会", short: "市直机关工委",
		kind:      zerenv1.UnitKind_UNIT_KIND_WORK_COMMITTEE,
		orgPrefix: "中共示例市直属机关工作委员会",
		pgName:    "中共示例市直属机关工作委员会", pgShort: "市直机关工委",
		ocName: "中共示例市直属机关工作委员会机关总支部委员会", ocShort: "市直机关工委机关党总支",
		secTitle: "工委书记", ocTitle: "机关党总支书记", disTitle: "机关党总支纪检委员",
		people: []person{
			{"sec", "程立衡", "工委书记"},
			{"m1", "邵文涛", "工委常务副书记"},
			{"m2", "韦淑兰", "工委副书记"},
			{"m3", "葛洪亮", "工委委员、办公室主任"},
			{"dis", "田晓梅", "办公室副主任"},
			{"b1", "林嘉树", "组织处处长"},
			{"b2", "方振国", "退休干部"},
		},
		secretary: []tenure{reg("sec")},
		members: []member{
			{"工委常务副书记", []tenure{reg("m1", "org-work", "policy-legal")}},
			{"工委副书记", []tenure{reg("m2", "publicity")}},
			{"工委委员、办公室主任", []tenure{reg("m3", "office", "party-building")}},
		},
		ocSec:    []tenure{reg("m3")},
		dis:      []tenure{reg("dis")},
		branches: []branch{nth("一", 22, reg("b1")), retired(30, reg("b2"))},
	},
	{
		id: "czj", name: "示例市财政局", short: "市财政局",
		kind: zerenv1.UnitKind_UNIT_KIND_DIRECT, key: true,
		people: []person{
			{"sec", "周启明", "原局长"},
			{"sec2", "叶思远", "局长"},
			{"m1", "钱立新", "副局长"},
			{"m2", "孙慧芳", "副局长"},
			{"m3", "沈国栋", "副局长"},
			{"m4", "韩玉洁", "机关党委书记"},
			{"dis", "陆雅琴", "机关党委专职副书记"},
			{"b1", "蒋文斌", "预算处处长"},
			{"b2", "许静怡", "国库处处长"},
			{"b3", "冯德厚", "退休干部"},
		},
		secretary: []tenure{
			{who: "sec", kind: zerenv1.AppointmentKind_APPOINTMENT_KIND_REGULAR, start: "2021-09-01", end: "2026-07-01", doc: "示组任〔2021〕37号"},
			{who: "sec2", kind: zerenv1.AppointmentKind_APPOINTMENT_KIND_REGULAR, start: "2026-07-01", doc: "示组任〔2026〕21号"},
		},
		members: []member{
			{"党组成员、副局长", []tenure{reg("m1", "budget", "treasury")}},
			{"党组成员、副局长", []tenure{reg("m2", "policy-legal", "finance-audit")}},
			{"党组成员、副局长", []tenure{reg("m3", "it", "office")}},
			{"党组成员、机关党委书记", []tenure{reg("m4", "party-building", "personnel")}},
		},
		ocSec:    []tenure{reg("m4")},
		dis:      []tenure{reg("dis")},
		branches: []branch{nth("一", 42, reg("b1")), nth("二", 38, reg("b2")), retired(23, reg("b3"))},
	},
	{
		id: "fgw", name: "示例市发展和改革委员会", short: "市发展改革委",
		kind: zerenv1.UnitKind_UNIT_KIND_DIRECT, key: true,
		secTitle: "党组书记",
		people: []person{
			{"sec", "邹宏图", "主任"},
			{"m1", "唐思敏", "副主任"},
			{"m2", "柏志强", "副主任"},
			{"m3", "喻晓光", "副主任"},
			{"m4", "严立华", "机关党委书记"},
			{"m5", "苗凤英", "副主任"},
			{"dep", "金海峰", "机关党委专职副书记"},
			{"dis", "谢婉清", "机关纪委书记"},
			{"b1", "潘明辉", "办公室主任"},
			{"b2", "彭雪莲", "发展规划处处长"},
			{"b3", "鲁建平", "固定资产投资处处长"},
			{"b4", "康秀珍", "退休干部"},
		},
		secretary: []tenure{reg("sec")},
		members: []member{
			{"党组成员、副主任", []tenure{reg("m1", "planning", "investment")}},
			{"党组成员、副主任", []tenure{reg("m2", "price")}},
			{"党组成员、副主任", []tenure{reg("m3", "energy", "safety")}},
			{"党组成员、机关党委书记", []tenure{reg("m4", "party-building", "personnel")}},
			{"党组成员、副主任", []tenure{reg("m5", "policy-legal", "finance-audit", "it")}},
		},
		ocSec: []tenure{
			reg("m4"),
			// 严立华 attends the 市委党校 course; the 专职副书记 carries the post's
			// duties meanwhile (委托), beside the regular holder.
			{who: "dep", kind: zerenv1.AppointmentKind_APPOINTMENT_KIND_DELEGATED, start: "2026-04-01", end: "2026-06-01", doc: "市发展改革委党组〔2026〕9号"},
		},
		dis: []tenure{reg("dis")},
		branches: []branch{
			nth("一", 32, reg("b1")), nth("二", 30, reg("b2")), nth("三", 28, reg("b3")), retired(15, reg("b4")),
		},
	},
	{
		id: "jyj", name: "示例市教育局", short: "市教育局",
		kind: zerenv1.UnitKind_UNIT_KIND_DIRECT,
		people: []person{
			{"sec", "马春林", "局长"},
			{"m1", "薛红梅", "副局长"},
			{"m2", "贺建军", "副局长"},
			{"m3", "倪晓东", "副局长"},
			{"m4", "汤丽娜", "副局长"},
			{"oc", "滕宏斌", "机关党委书记"},
			{"dis", "殷佳", "机关纪委书记"},
			{"b1", "罗志远", "办公室主任"},
			{"b2", "毕雅楠", "原基础教育处处长"},
			{"b2a", "郝振宇", "基础教育处副处长"},
			{"b2n", "安若琳", "基础教育处处长"},
			{"b3", "常德明", "退休干部"},
		},
		secretary: []tenure{reg("sec")},
		members: []member{
			{"党组成员、副局长", []tenure{reg("m1", "basic-education")}},
			{"党组成员、副局长", []tenure{reg("m2", "personnel", "party-building")}},
			{"党组成员、副局长", []tenure{reg("m3", "finance-audit", "safety")}},
			{"党组成员、副局长", []tenure{reg("m4", "policy-legal", "it")}},
		},
		ocSec: []tenure{reg("oc")},
		dis:   []tenure{reg("dis")},
		branches: []branch{
			nth("一", 25, reg("b1")),
			nth("二", 22,
				tenure{who: "b2", kind: zerenv1.AppointmentKind_APPOINTMENT_KIND_REGULAR, start: "2023-05-01", end: "2026-03-15", doc: "市教育局机关党委〔2023〕6号"},
				// The secretary left on 2026-03-15; the 副书记 presides (代理)
				// until the branch elects a new secretary.
				tenure{who: "b2a", kind: zerenv1.AppointmentKind_APPOINTMENT_KIND_ACTING, start: "2026-03-15", end: "2026-09-01", doc: "市教育局机关党委〔2026〕4号"},
				tenure{who: "b2n", kind: zerenv1.AppointmentKind_APPOINTMENT_KIND_REGULAR, start: "2026-09-01", doc: "市教育局机关党委〔2026〕11号"},
			),
			retired(17, reg("b3")),
		},
	},
	{
		id: "mzj", name: "示例市民政局", short: "市民政局",
		kind: zerenv1.UnitKind_UNIT_KIND_DIRECT,
		people: []person{
			{"sec", "于海涛", "局长"},
			{"m1", "时文静", "副局长"},
			{"m2", "傅志刚", "副局长"},
			{"m3", "卞素云", "机关党委书记"},
			{"dis", "齐晓峰", "机关党委专职副书记"},
			{"b1", "伍立群", "办公室主任"},
			{"b2", "余长庚", "退休干部"},
		},
		secretary: []tenure{reg("sec")},
		members: []member{
			{"党组成员、副局长", []tenure{reg("m1", "civil-affairs")}},
			{"党组成员、副局长", []tenure{reg("m2", "finance-audit", "office")}},
			{"党组成员、机关党委书记", []tenure{reg("m3", "party-building", "personnel")}},
		},
		ocSec:    []tenure{reg("m3")},
		dis:      []tenure{reg("dis")},
		branches: []branch{nth("一", 31, reg("b1")), retired(21, reg("b2"))},
	},
	{
		id: "rsj", name: "示例市人力资源和社会保障局", short: "市人力资源社会保障局",
		kind: zerenv1.UnitKind_UNIT_KIND_DIRECT,
		people: []person{
			{"sec", "顾明德", "局长"},
			{"m1", "孟雅丽", "副局长"},
			{"m2", "黄振华", "副局长"},
			{"m3", "穆晓燕", "副局长"},
			{"m4", "萧国庆", "机关党委书记"},
			{"dis", "尹春梅", "机关纪委书记"},
			{"b1", "姚俊杰", "办公室主任"},
			{"b2", "邵雨婷", "就业促进处处长"},
			{"b3", "汪长林", "退休干部"},
		},
		secretary: []tenure{reg("sec")},
		members: []member{
			{"党组成员、副局长", []tenure{reg("m1", "employment")}},
			{"党组成员、副局长", []tenure{reg("m2", "social-security")}},
			{"党组成员、副局长", []tenure{reg("m3", "personnel", "policy-legal")}},
			{"党组成员、机关党委书记", []tenure{reg("m4", "party-building")}},
		},
		ocSec:    []tenure{reg("m4")},
		dis:      []tenure{reg("dis")},
		branches: []branch{nth("一", 27, reg("b1")), nth("二", 24, reg("b2")), retired(16, reg("b3"))},
	},
	{
		id: "zjj", name: "示例市住房和城乡建设局", short: "市住房城乡建设局",
		kind: zerenv1.UnitKind_UNIT_KIND_DIRECT,
		people: []person{
			{"sec", "祁建新", "局长"},
			{"m1", "毛文杰", "副局长"},
			{"m2", "狄慧敏", "副局长"},
			{"m3", "米国强", "副局长"},
			{"m4", "贝琳", "总工程师"},
			{"oc", "臧永康", "机关党委书记"},
			{"dis", "计秋萍", "机关纪委书记"},
			{"b1", "伏晓波", "办公室主任"},
			{"b2", "成丽君", "住房保障处处长"},
			{"b3", "戴振邦", "退休干部"},
		},
		secretary: []tenure{reg("sec")},
		members: []member{
			{"党组成员、副局长", []tenure{reg("m1", "construction", "safety")}},
			{"党组成员、副局长", []tenure{reg("m2", "housing")}},
			{"党组成员、副局长", []tenure{reg("m3", "finance-audit", "personnel", "party-building")}},
			{"党组成员、总工程师", []tenure{reg("m4", "policy-legal", "it")}},
		},
		ocSec:    []tenure{reg("oc")},
		dis:      []tenure{reg("dis")},
		branches: []branch{nth("一", 24, reg("b1")), nth("二", 22, reg("b2")), retired(18, reg("b3"))},
	},
	{
		id: "jtj", name: "示例市交通运输局", short: "市交通运输局",
		kind: zerenv1.UnitKind_UNIT_KIND_DIRECT,
		people: []person{
			{"sec", "宋立军", "局长"},
			{"m1", "茅海燕", "副局长"},
			{"m2", "庞志勇", "副局长"},
			{"m3", "熊丽华", "机关党委书记"},
			{"dis", "纪红", "机关纪委书记"},
			{"b1", "舒建华", "综合规划处处长"},
			{"b2", "屈德胜", "退休干部"},
		},
		secretary: []tenure{reg("sec")},
		members: []member{
			{"党组成员、副局长", []tenure{reg("m1", "transport", "safety")}},
			{"党组成员、副局长", []tenure{reg("m2", "construction", "finance-audit")}},
			{"党组成员、机关党委书记", []tenure{reg("m3", "party-building", "personnel")}},
		},
		ocSec:    []tenure{reg("m3")},
		dis:      []tenure{reg("dis")},
		branches: []branch{nth("一", 30, reg("b1")), retired(22, reg("b2"))},
	},
	{
		id: "wjw", name: "示例市卫生健康委员会", short: "市卫生健康委",
		kind: zerenv1.UnitKind_UNIT_KIND_DIRECT,
		people: []person{
			{"sec", "项国华", "主任"},
			{"m1", "祝晓岚", "副主任"},
			{"m2", "董卫东", "副主任"},
			{"m3", "梁慧娟", "副主任"},
			{"m4", "杜明轩", "副主任"},
			{"m5", "阮秀英", "副主任"},
			{"oc", "蓝天佑", "机关党委书记"},
			{"dis", "闵佳慧", "机关纪委书记"},
			{"b1", "席文昌", "办公室主任"},
			{"b2", "季晓萌", "医政医管处处长"},
			{"b3", "麻德福", "退休干部"},
		},
		secretary: []tenure{reg("sec")},
		members: []member{
			{"党组成员、副主任", []tenure{reg("m1", "health")}},
			{"党组成员、副主任", []tenure{reg("m2", "public-health", "safety")}},
			{"党组成员、副主任", []tenure{reg("m3", "finance-audit")}},
			{"党组成员、副主任", []tenure{reg("m4", "personnel", "party-building")}},
			{"党组成员、副主任", []tenure{reg("m5", "policy-legal", "it")}},
		},
		ocSec:    []tenure{reg("oc")},
		dis:      []tenure{reg("dis")},
		branches: []branch{nth("一", 29, reg("b1")), nth("二", 26, reg("b2")), retired(20, reg("b3"))},
	},
	{
		id: "sjj", name: "示例市审计局", short: "市审计局",
		kind: zerenv1.UnitKind_UNIT_KIND_DIRECT,
		people: []person{
			{"sec", "贾正平", "局长"},
			{"m1", "路婷", "副局长"},
			{"m2", "娄志华", "副局长"},
			{"m3", "江雪梅", "机关党委书记"},
			{"dis", "童海波", "机关党委专职副书记"},
			{"b1", "颜丽萍", "财政审计处处长"},
			{"b2", "郭长顺", "退休干部"},
		},
		secretary: []tenure{reg("sec")},
		members: []member{
			{"党组成员、副局长", []tenure{reg("m1", "audit-business")}},
			{"党组成员、副局长", []tenure{reg("m2", "audit-business", "it")}},
			{"党组成员、机关党委书记", []tenure{reg("m3", "party-building", "personnel")}},
		},
		ocSec:    []tenure{reg("m3")},
		dis:      []tenure{reg("dis")},
		branches: []branch{nth("一", 28, reg("b1")), retired(23, reg("b2"))},
	},
	{
		id: "zrzyj", name: "示例市自然资源和规划局", short: "市自然资源规划局",
		kind: zerenv1.UnitKind_UNIT_KIND_DIRECT,
		people: []person{
			{"sec", "梅建华", "局长"},
			{"m1", "盛晓东", "副局长"},
			{"m2", "林婉如", "副局长"},
			{"m3", "钟国梁", "副局长"},
			{"m4", "徐丽敏", "副局长"},
			{"oc", "邱建业", "机关党委书记"},
			{"dis", "骆红霞", "机关纪委书记"},
			{"b1", "高志成", "办公室主任"},
			{"b2", "夏雨晴", "国土空间规划处处长"},
			{"b3", "蔡永福", "退休干部"},
		},
		secretary: []tenure{reg("sec")},
		members: []member{
			{"党组成员、副局长", []tenure{reg("m1", "spatial-planning")}},
			{"党组成员、副局长", []tenure{reg("m2", "land")}},
			{"党组成员、副局长", []tenure{reg("m3", "finance-audit", "it", "party-building")}},
			{"党组成员、副局长", []tenure{reg("m4", "policy-legal", "safety")}},
		},
		ocSec:    []tenure{reg("oc")},
		dis:      []tenure{reg("dis")},
		branches: []branch{nth("一", 26, reg("b1")), nth("二", 21, reg("b2")), retired(15, reg("b3"))},
	},
	{
		id: "sws", name: "国家税务总局示例市税务局", short: "市税务局",
		kind:      zerenv1.UnitKind_UNIT_KIND_STATIONED,
		orgPrefix: "中共国家税务总局示例市税务局",
		pgName:    "中共国家税务总局示例市税务局委员会", pgShort: "市税务局党委",
		secTitle: "党委书记",
		people: []person{
			{"sec", "樊卫国", "局长"},
			{"m1", "胡雅琼", "副局长"},
			{"m2", "凌志远", "副局长"},
			{"m3", "霍文华", "副局长"},
			{"m4", "虞婷婷", "机关党委书记"},
			{"dis", "万宏伟", "机关纪委书记"},
			{"b1", "柯建明", "办公室主任"},
			{"b2", "管晓丽", "征收管理科科长"},
			{"b3", "卢德顺", "退休干部"},
		},
		secretary: []tenure{reg("sec")},
		members: []member{
			{"党委委员、副局长", []tenure{reg("m1", "tax-collection")}},
			{"党委委员、副局长", []tenure{reg("m2", "tax-service")}},
			{"党委委员、副局长", []tenure{reg("m3", "it", "finance-audit")}},
			{"党委委员、机关党委书记", []tenure{reg("m4", "party-building", "personnel")}},
		},
		ocSec:    []tenure{reg("m4")},
		dis:      []tenure{reg("dis")},
		branches: []branch{nth("一", 45, reg("b1")), nth("二", 40, reg("b2")), retired(26, reg("b3"))},
	},
}

// fourLevelUnits are the units of the 四级四岗 sample besides the 工委.
var fourLevelUnits = []string{"czj", "fgw", "sws"}
