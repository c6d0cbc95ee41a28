// Package responsibility is the responsibility chain of Party building in a
// government organ (机关党建责任体系): a framework of levels, post kinds and
// clauses (三级五岗, 四级四岗 …), the Party organisations of each unit, their
// posts, and the people appointed to them over time.
//
// [New] validates a [zerenv1.Framework] and a [zerenv1.Structure] together,
// reporting every problem at once as a [*ValidationError], and builds an
// immutable [Hierarchy] that is safe for concurrent use. Every question is
// asked as of an instant, because people rotate through posts and
// accountability follows whoever held the post at the time (终身问责):
//
//   - [Hierarchy.Holders]: who holds a post;
//   - [Hierarchy.Responsible]: who carries 主体责任, 第一责任人责任, 一岗双责,
//     监督责任 … for an organisation;
//   - [Hierarchy.Chain]: the chain from an organisation up to the top, each
//     level with its responsible people;
//   - [Hierarchy.Subtree], [Hierarchy.Ancestors], [Hierarchy.Children];
//   - [Hierarchy.Coverage]: the holes (无盲区): vacant or missing posts,
//     organisations without a secretary, units missing a level;
//   - [Hierarchy.Liability]: for a failure at an organisation, who bears
//     全面领导责任, 主要领导责任 and 重要领导责任 under 《中国共产党问责条例》,
//     each with the ground it rests on; presumed parties are flagged as
//     candidates to verify;
//   - [Hierarchy.TopOrganization]: a unit's 主体责任 organisation, from the
//     hierarchy and never from input order — the one function every package
//     uses for it;
//   - [Hierarchy.Tenures]: everyone who held a post within a period, with
//     dates and days (终身问责 for a period's outcome).
//
// The structure changes as people rotate and branches are set up and
// merged: [Apply] applies incremental changes ([zerenv1.StructureChange]:
// put or remove a record, end an appointment, a rotation) to a copy of a
// structure and validates the result as a whole, and [Diff] computes the
// changes between two structures (an OA's nightly export against the
// stored one).
//
// Documents load from JSON or text format with [ParseFramework],
// [ParseStructure] and [Load]. Dates in the schema are instants; a calendar
// date is the instant its day begins in the locality's time zone
// ([WithLocation], UTC+8 by default). Appointments run from their start up
// to, not including, their end, so on the day of a rotation the new holder
// answers.
//
// [New] also precomputes what queries return: one [zerenv1.Holder] per
// appointment, and each organisation's [zerenv1.ChainLink] for every interval
// between changes of its posts' appointments, so that [Hierarchy.Chain] is a
// binary search per level and one slice (about 0.1 µs on the generated
// province of 5,000 organisations). Replies share these messages; as every
// message the hierarchy returns, they are read-only.
//
// The package does no I/O and reads no clock.
package responsibility
