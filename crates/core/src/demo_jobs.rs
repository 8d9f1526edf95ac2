//! Demo jobs that make search meaningful: several hundred lawful postings, generated
//! deterministically from templates (real Vietnamese, Japanese and English sentences for each
//! field), across every programme, many fields and every prefecture, by a dozen fictional
//! employers, two of which are then suspended so that their postings must never appear.
//!
//! Every posting goes through the same create-and-publish path as an employer's, so each one
//! passes the law's checks; one the checks refuse is an error, not silently skipped.

use crate::accounts::{self, NewAccount};
use crate::audit::By;
use crate::error::{CoreError, CoreResult};
use crate::organisations::{self, OrganisationInput};
use crate::postings::{self as jobs, Bonus, FeeLine, Housing, Meals, PostingInput, Texts};
use crate::registry::{self, SanctionInput};
use crate::{Actor, Core};
use kakehashi_rules::recruitment::NumberOrText;

/// One field's job in three languages: the job's name and a sentence about the work.
pub struct FieldText {
    pub field: &'static str,
    pub programmes: &'static [&'static str],
    pub vi: (&'static str, &'static str),
    pub ja: (&'static str, &'static str),
    pub en: (&'static str, &'static str),
}

/// The templates, one per field (the relevance set's queries are the job names' words).
pub const FIELD_TEXTS: &[FieldText] = &[
    FieldText {
        field: "nursing_care",
        programmes: &["ssw1", "esd", "titp", "epa_careworker"],
        vi: (
            "nhân viên điều dưỡng chăm sóc người cao tuổi",
            "Hỗ trợ người cao tuổi ăn uống, tắm rửa và đi lại tại viện dưỡng lão.",
        ),
        ja: (
            "介護職員",
            "特別養護老人ホームで入居者の食事・入浴・移動を介助します。",
        ),
        en: (
            "nursing care worker",
            "Helping elderly residents of a care home eat, bathe and move.",
        ),
    },
    FieldText {
        field: "building_cleaning",
        programmes: &["ssw1", "ssw2", "esd"],
        vi: (
            "nhân viên vệ sinh tòa nhà",
            "Lau dọn sàn, kính và nhà vệ sinh của văn phòng và bệnh viện.",
        ),
        ja: (
            "ビルクリーニング作業員",
            "オフィスや病院の床・窓・トイレを清掃します。",
        ),
        en: (
            "building cleaning staff",
            "Cleaning floors, windows and washrooms of offices and hospitals.",
        ),
    },
    FieldText {
        field: "industrial_product_manufacturing",
        programmes: &["ssw1", "ssw2", "esd"],
        vi: (
            "công nhân gia công kim loại",
            "Vận hành máy tiện và phay CNC, kiểm tra kích thước sản phẩm.",
        ),
        ja: (
            "金属加工オペレーター",
            "NC旋盤・フライス盤を操作し、製品の寸法を検査します。",
        ),
        en: (
            "metal machining operator",
            "Operating CNC lathes and milling machines and checking dimensions.",
        ),
    },
    FieldText {
        field: "construction",
        programmes: &["ssw1", "ssw2", "esd"],
        vi: (
            "thợ cốp pha xây dựng",
            "Lắp dựng cốp pha và cốt thép tại công trường nhà ở.",
        ),
        ja: ("型枠大工", "住宅の建設現場で型枠と鉄筋を組み立てます。"),
        en: (
            "construction formwork carpenter",
            "Building formwork and placing rebar on housing sites.",
        ),
    },
    FieldText {
        field: "shipbuilding_ship_machinery",
        programmes: &["ssw1", "ssw2", "esd"],
        vi: (
            "thợ hàn đóng tàu",
            "Hàn thân tàu và lắp ráp khối tại xưởng đóng tàu.",
        ),
        ja: (
            "造船溶接作業員",
            "造船所で船体の溶接とブロックの組立を行います。",
        ),
        en: (
            "shipbuilding welder",
            "Welding hulls and assembling blocks at a shipyard.",
        ),
    },
    FieldText {
        field: "automobile_repair",
        programmes: &["ssw1", "ssw2", "esd"],
        vi: (
            "thợ bảo dưỡng ô tô",
            "Kiểm tra định kỳ, thay dầu và sửa phanh xe ô tô.",
        ),
        ja: (
            "自動車整備士",
            "自動車の定期点検、オイル交換、ブレーキ修理を行います。",
        ),
        en: (
            "automobile mechanic",
            "Inspecting cars, changing oil and repairing brakes.",
        ),
    },
    FieldText {
        field: "aviation",
        programmes: &["ssw1", "ssw2"],
        vi: (
            "nhân viên mặt đất sân bay",
            "Xếp dỡ hành lý và hướng dẫn máy bay trên sân đỗ.",
        ),
        ja: (
            "空港グランドハンドリング係員",
            "空港で手荷物の搭載と航空機の誘導を行います。",
        ),
        en: (
            "airport ground handling staff",
            "Loading baggage and guiding aircraft on the apron.",
        ),
    },
    FieldText {
        field: "accommodation",
        programmes: &["ssw1", "ssw2", "esd"],
        vi: (
            "nhân viên lễ tân khách sạn",
            "Đón khách, làm thủ tục nhận phòng và phục vụ nhà hàng của khách sạn.",
        ),
        ja: (
            "ホテルフロント係",
            "ホテルでお客様の受付、チェックイン、レストラン接客を行います。",
        ),
        en: (
            "hotel front desk clerk",
            "Welcoming guests, checking them in and serving in the hotel restaurant.",
        ),
    },
    FieldText {
        field: "agriculture",
        programmes: &["ssw1", "ssw2", "esd"],
        vi: (
            "công nhân trồng rau nhà kính",
            "Gieo hạt, tưới nước và thu hoạch cà chua trong nhà kính.",
        ),
        ja: (
            "施設園芸の農作業員",
            "ビニールハウスでトマトの種まき、水やり、収穫を行います。",
        ),
        en: (
            "greenhouse farm worker",
            "Sowing, watering and harvesting tomatoes in greenhouses.",
        ),
    },
    FieldText {
        field: "fishery",
        programmes: &["ssw1", "ssw2", "esd"],
        vi: (
            "thuyền viên đánh bắt cá",
            "Kéo lưới, phân loại cá và bảo quản trên tàu cá ven bờ.",
        ),
        ja: ("漁船員", "沿岸漁船で網を引き、魚を選別して保存します。"),
        en: (
            "fishing boat crew",
            "Hauling nets, sorting fish and keeping the catch on a coastal boat.",
        ),
    },
    FieldText {
        field: "food_beverage_manufacturing",
        programmes: &["ssw1", "ssw2", "esd"],
        vi: (
            "công nhân chế biến thực phẩm",
            "Sơ chế và đóng gói hải sản, vệ sinh dây chuyền theo HACCP.",
        ),
        ja: (
            "食品製造作業員",
            "水産物の下処理と包装、HACCPに基づくライン清掃を行います。",
        ),
        en: (
            "food processing worker",
            "Preparing and packing seafood and cleaning the line under HACCP.",
        ),
    },
    FieldText {
        field: "food_service",
        programmes: &["ssw1", "ssw2", "esd"],
        vi: (
            "nhân viên phục vụ nhà hàng",
            "Nấu ăn trong bếp và phục vụ khách tại nhà hàng.",
        ),
        ja: (
            "外食店の調理・接客スタッフ",
            "レストランの厨房で調理し、ホールで接客します。",
        ),
        en: (
            "restaurant cook and server",
            "Cooking in the kitchen and serving diners in a restaurant.",
        ),
    },
    FieldText {
        field: "automobile_transport",
        programmes: &["ssw1"],
        vi: (
            "tài xế xe tải",
            "Lái xe tải giao hàng giữa các trung tâm phân phối.",
        ),
        ja: (
            "トラック運転手",
            "物流センター間でトラックによる配送を行います。",
        ),
        en: (
            "truck driver",
            "Driving delivery trucks between distribution centres.",
        ),
    },
    FieldText {
        field: "railway",
        programmes: &["ssw1", "esd"],
        vi: (
            "nhân viên bảo trì đường sắt",
            "Kiểm tra và sửa chữa đường ray, tà vẹt vào ban đêm.",
        ),
        ja: ("鉄道保線作業員", "夜間に線路と枕木の点検・補修を行います。"),
        en: (
            "railway track maintenance worker",
            "Inspecting and repairing rails and sleepers at night.",
        ),
    },
    FieldText {
        field: "forestry",
        programmes: &["ssw1", "esd"],
        vi: (
            "công nhân lâm nghiệp",
            "Trồng cây, tỉa cành và khai thác gỗ trong rừng.",
        ),
        ja: ("林業作業員", "山林で植林、枝打ち、伐採を行います。"),
        en: (
            "forestry worker",
            "Planting trees, pruning and felling timber in the forest.",
        ),
    },
    FieldText {
        field: "wood_industry",
        programmes: &["ssw1", "esd"],
        vi: (
            "công nhân xưởng chế biến gỗ",
            "Cưa xẻ gỗ và sản xuất ván ép tại nhà máy.",
        ),
        ja: (
            "製材工場作業員",
            "製材工場で木材を製材し、合板を製造します。",
        ),
        en: (
            "sawmill worker",
            "Sawing timber and making plywood at a mill.",
        ),
    },
    FieldText {
        field: "linen_supply",
        programmes: &["esd"],
        vi: (
            "nhân viên giặt là công nghiệp",
            "Giặt, sấy và gấp khăn, ga trải giường cho khách sạn.",
        ),
        ja: (
            "リネンサプライ工場作業員",
            "ホテル向けのタオルやシーツを洗濯・乾燥・たたみます。",
        ),
        en: (
            "linen supply laundry worker",
            "Washing, drying and folding towels and sheets for hotels.",
        ),
    },
    FieldText {
        field: "logistics_warehousing",
        programmes: &["esd"],
        vi: (
            "nhân viên kho vận",
            "Nhập kho, lấy hàng và đóng thùng tại trung tâm logistics.",
        ),
        ja: (
            "物流倉庫作業員",
            "物流センターで入庫、ピッキング、梱包を行います。",
        ),
        en: (
            "logistics warehouse worker",
            "Receiving, picking and boxing goods at a logistics centre.",
        ),
    },
    FieldText {
        field: "resource_circulation",
        programmes: &["esd"],
        vi: (
            "công nhân phân loại rác tái chế",
            "Phân loại chất thải và vận hành máy nghiền tại nhà máy tái chế.",
        ),
        ja: (
            "資源リサイクル選別作業員",
            "リサイクル工場で廃棄物を選別し、破砕機を操作します。",
        ),
        en: (
            "recycling sorting worker",
            "Sorting waste and running crushers at a recycling plant.",
        ),
    },
    FieldText {
        field: "nursing",
        programmes: &["epa_nurse"],
        vi: (
            "ứng viên y tá bệnh viện",
            "Hỗ trợ y tá chăm sóc bệnh nhân và ôn thi quốc gia.",
        ),
        ja: (
            "看護師候補者",
            "病院で看護師を補助し、国家試験の学習を続けます。",
        ),
        en: (
            "hospital nurse candidate",
            "Assisting nurses with patients while preparing for the national exam.",
        ),
    },
    FieldText {
        field: "titp_agriculture",
        programmes: &["titp"],
        vi: (
            "thực tập sinh chăn nuôi bò sữa",
            "Cho bò ăn, vắt sữa và dọn chuồng tại trang trại.",
        ),
        ja: (
            "酪農の技能実習生",
            "牧場で牛の給餌、搾乳、牛舎の清掃を行います。",
        ),
        en: (
            "dairy farming trainee",
            "Feeding cows, milking and cleaning barns on a dairy farm.",
        ),
    },
    FieldText {
        field: "titp_fishery",
        programmes: &["titp"],
        vi: (
            "thực tập sinh nuôi trồng thủy sản",
            "Nuôi sò điệp và hàu, làm sạch lồng nuôi.",
        ),
        ja: (
            "養殖業の技能実習生",
            "ホタテとカキの養殖、いかだの清掃を行います。",
        ),
        en: (
            "aquaculture trainee",
            "Raising scallops and oysters and cleaning the rafts.",
        ),
    },
    FieldText {
        field: "titp_construction",
        programmes: &["titp"],
        vi: (
            "thực tập sinh giàn giáo",
            "Lắp và tháo giàn giáo tại công trường cao tầng.",
        ),
        ja: (
            "とび職の技能実習生",
            "高層建築の現場で足場を組み立て・解体します。",
        ),
        en: (
            "scaffolding trainee",
            "Putting up and taking down scaffolding on high-rise sites.",
        ),
    },
    FieldText {
        field: "titp_food_manufacturing",
        programmes: &["titp"],
        vi: (
            "thực tập sinh làm bánh mì công nghiệp",
            "Nhào bột, nướng và đóng gói bánh mì trên dây chuyền.",
        ),
        ja: (
            "パン製造の技能実習生",
            "工場のラインでパン生地をこね、焼き、包装します。",
        ),
        en: (
            "industrial bakery trainee",
            "Kneading dough, baking and packing bread on a line.",
        ),
    },
    FieldText {
        field: "titp_textiles_clothing",
        programmes: &["titp"],
        vi: (
            "thực tập sinh may mặc",
            "May áo sơ mi và kiểm tra đường may bằng máy may công nghiệp.",
        ),
        ja: (
            "婦人子供服製造の技能実習生",
            "工業用ミシンでシャツを縫製し、縫い目を検査します。",
        ),
        en: (
            "garment sewing trainee",
            "Sewing shirts on industrial sewing machines and checking seams.",
        ),
    },
    FieldText {
        field: "titp_machinery_metal",
        programmes: &["titp"],
        vi: (
            "thực tập sinh sơn kim loại",
            "Sơn phủ chi tiết máy và kiểm tra độ dày lớp sơn.",
        ),
        ja: (
            "塗装の技能実習生",
            "機械部品の塗装と塗膜の厚さの検査を行います。",
        ),
        en: (
            "metal painting trainee",
            "Spray painting machine parts and checking coating thickness.",
        ),
    },
    FieldText {
        field: "titp_other",
        programmes: &["titp"],
        vi: (
            "thực tập sinh đúc nhựa",
            "Vận hành máy ép phun nhựa và kiểm tra sản phẩm nhựa.",
        ),
        ja: (
            "プラスチック成形の技能実習生",
            "射出成形機を操作し、プラスチック製品を検査します。",
        ),
        en: (
            "plastic moulding trainee",
            "Running injection moulding machines and checking plastic parts.",
        ),
    },
    FieldText {
        field: "engineering_natural_sciences",
        programmes: &["engineer_specialist"],
        vi: (
            "kỹ sư thiết kế cơ khí",
            "Thiết kế chi tiết máy bằng CAD và lập bản vẽ kỹ thuật.",
        ),
        ja: (
            "機械設計エンジニア",
            "CADで機械部品を設計し、図面を作成します。",
        ),
        en: (
            "mechanical design engineer",
            "Designing machine parts in CAD and drawing plans.",
        ),
    },
    FieldText {
        field: "humanities",
        programmes: &["engineer_specialist"],
        vi: (
            "nhân viên biên phiên dịch",
            "Biên dịch tài liệu và phiên dịch tiếng Việt - tiếng Nhật cho công ty.",
        ),
        ja: (
            "通訳・翻訳スタッフ",
            "会社のベトナム語と日本語の通訳・翻訳を行います。",
        ),
        en: (
            "interpreter and translator",
            "Interpreting and translating Vietnamese and Japanese for the company.",
        ),
    },
];

/// Each prefecture's seat (in the order of the JIS codes), with its romanisation.
const SEATS: [(&str, &str); 47] = [
    ("札幌市", "Sapporo"),
    ("青森市", "Aomori"),
    ("盛岡市", "Morioka"),
    ("仙台市", "Sendai"),
    ("秋田市", "Akita"),
    ("山形市", "Yamagata"),
    ("福島市", "Fukushima"),
    ("水戸市", "Mito"),
    ("宇都宮市", "Utsunomiya"),
    ("前橋市", "Maebashi"),
    ("さいたま市", "Saitama"),
    ("千葉市", "Chiba"),
    ("新宿区", "Shinjuku"),
    ("横浜市", "Yokohama"),
    ("新潟市", "Niigata"),
    ("富山市", "Toyama"),
    ("金沢市", "Kanazawa"),
    ("福井市", "Fukui"),
    ("甲府市", "Kofu"),
    ("長野市", "Nagano"),
    ("岐阜市", "Gifu"),
    ("静岡市", "Shizuoka"),
    ("名古屋市", "Nagoya"),
    ("津市", "Tsu"),
    ("大津市", "Otsu"),
    ("京都市", "Kyoto"),
    ("大阪市", "Osaka"),
    ("神戸市", "Kobe"),
    ("奈良市", "Nara"),
    ("和歌山市", "Wakayama"),
    ("鳥取市", "Tottori"),
    ("松江市", "Matsue"),
    ("岡山市", "Okayama"),
    ("広島市", "Hiroshima"),
    ("山口市", "Yamaguchi"),
    ("徳島市", "Tokushima"),
    ("高松市", "Takamatsu"),
    ("松山市", "Matsuyama"),
    ("高知市", "Kochi"),
    ("福岡市", "Fukuoka"),
    ("佐賀市", "Saga"),
    ("長崎市", "Nagasaki"),
    ("熊本市", "Kumamoto"),
    ("大分市", "Oita"),
    ("宮崎市", "Miyazaki"),
    ("鹿児島市", "Kagoshima"),
    ("那覇市", "Naha"),
];

/// What the programme is called in a title, in vi, ja and en.
fn programme_names(p: &str) -> (&'static str, &'static str, &'static str) {
    match p {
        "ssw1" => (
            "Kỹ năng đặc định 1",
            "特定技能1号",
            "Specified Skilled Worker (i)",
        ),
        "ssw2" => (
            "Kỹ năng đặc định 2",
            "特定技能2号",
            "Specified Skilled Worker (ii)",
        ),
        "esd" => (
            "Lao động phát triển kỹ năng",
            "育成就労",
            "Employment for Skill Development",
        ),
        "titp" => ("Thực tập kỹ năng", "技能実習", "Technical Intern Training"),
        "epa_nurse" | "epa_careworker" => ("Ứng viên EPA", "EPA候補者", "EPA candidate"),
        _ => (
            "Kỹ sư, chuyên gia",
            "技術・人文知識・国際業務",
            "Engineer/Specialist",
        ),
    }
}

const EMPLOYERS: &[(&str, &str)] = &[
    ("株式会社みなと造船", "Minato Shipbuilding Co., Ltd."),
    ("さくら福祉会", "Sakura Welfare Association"),
    ("株式会社北星フーズ", "Hokusei Foods Co., Ltd."),
    ("株式会社中部精工", "Chubu Seiko Co., Ltd."),
    ("株式会社瀬戸内建設", "Setouchi Construction Co., Ltd."),
    ("株式会社あおば農園", "Aoba Farm Co., Ltd."),
    ("株式会社九州ロジテック", "Kyushu Logitech Co., Ltd."),
    ("株式会社ひまわりホテルズ", "Himawari Hotels Co., Ltd."),
];

/// Employers that are suspended after publishing (their postings must never be found).
const SUSPENDED: &[(&str, &str)] = &[
    ("株式会社東日本ワークス", "Higashi Nihon Works Co., Ltd."),
    ("株式会社南海縫製", "Nankai Sewing Co., Ltd."),
];

/// How many postings the demo publishes (of which `SUSPENDED_POSTINGS` by suspended employers).
pub const DEMO_JOBS: usize = 320;
const SUSPENDED_POSTINGS: usize = 8;

fn fee(kind: &str, amount: i64, currency: &str, payer: &str) -> FeeLine {
    FeeLine {
        kind: kind.into(),
        amount,
        currency: currency.into(),
        payer: payer.into(),
    }
}

/// Posting number `i` of the demo for `field` under programme `prog`.
pub fn posting(i: usize, f: &FieldText, prog: &str) -> PostingInput {
    let pref = (i * 17) % 47;
    let (seat_ja, seat_en) = SEATS[pref];
    let geo = kakehashi_rules::geo::prefectures();
    let p = &geo[pref];
    let (pv, pj, pe) = programme_names(prog);
    let k = i as i64;
    let wage = 222_000 + (k * 7_919) % 70_000;
    let (level, months, start) = match prog {
        "ssw1" => (
            "jlpt_n4",
            [12, 24, 36][i % 3],
            ["2027-02-01", "2027-03-01", "2027-05-01"][i % 3],
        ),
        "ssw2" => ("jlpt_n3", 36, "2027-04-01"),
        "esd" => (
            "jlpt_n5",
            36,
            ["2027-04-01", "2027-06-01", "2027-09-01"][i % 3],
        ),
        "titp" if f.field == "nursing_care" => ("jlpt_n4", 36, "2027-03-01"),
        "titp" => ("none", 36, ["2027-02-01", "2027-03-01"][i % 2]),
        "epa_nurse" => ("jlpt_n3", 36, "2027-06-01"),
        "epa_careworker" => ("jlpt_n3", 48, "2027-06-01"),
        _ => ("jlpt_n2", 36, "2027-04-01"),
    };
    let worker_fees = match prog {
        "epa_nurse" | "epa_careworker" => vec![],
        "esd" => vec![
            fee(
                "service_fee",
                15_000_000 + (k % 5) * 1_000_000,
                "VND",
                "worker",
            ),
            fee("service_fee", 350_000, "JPY", "supervising_org"),
        ],
        _ => vec![
            fee(
                "service_fee",
                8_000_000 + (k % 6) * 1_000_000,
                "VND",
                "worker",
            ),
            fee("medical_check", 1_500_000, "VND", "worker"),
        ],
    };
    let mut fees = worker_fees;
    fees.push(fee("flight", 60_000 + (k % 4) * 5_000, "JPY", "employer"));
    let housing = i % 4 != 3;
    let texts = |a: String, b: String, c: String| Texts {
        vi: a,
        ja: b,
        en: c,
    };
    let shift = [
        (
            "Làm ca ngày, nghỉ thứ Bảy và Chủ nhật.",
            "日勤、土日休み。",
            "Day shifts, Saturdays and Sundays off.",
        ),
        (
            "Làm theo ca, có ca đêm.",
            "シフト制（夜勤あり）。",
            "Shift work with some night shifts.",
        ),
        (
            "Nghỉ 8 ngày mỗi tháng.",
            "月8日休み。",
            "Eight days off a month.",
        ),
    ][i % 3];
    let (hv, hj, he) = if housing {
        (
            "Có ký túc xá gần nơi làm việc.",
            "職場の近くに寮があります。",
            "A dormitory near the workplace is provided.",
        )
    } else {
        (
            "Tự thuê nhà, công ty hỗ trợ tìm nhà.",
            "住居は各自で、会社が探すのを手伝います。",
            "Find your own home; the company helps you look.",
        )
    };
    PostingInput {
        sending_enterprise_id: None,
        supervising_org_id: None,
        programme: prog.into(),
        field: f.field.into(),
        title: texts(
            format!("{pv}: {} tại {seat_en}, {}", f.vi.0, p.name_en),
            format!("{pj}：{}（{}{seat_ja}）", f.ja.0, p.name_ja),
            format!("{pe}: {} in {seat_en}, {}", f.en.0, p.name_en),
        ),
        description: texts(
            format!(
                "{} {} {hv} Có người hỗ trợ nói tiếng Việt.",
                f.vi.1, shift.0
            ),
            format!(
                "{}{}{hj}ベトナム語で相談できる担当者がいます。",
                f.ja.1, shift.1
            ),
            format!(
                "{} {} {he} A support officer speaks Vietnamese.",
                f.en.1, shift.2
            ),
        ),
        prefecture: i64::from(p.code),
        municipality: seat_ja.into(),
        contract_months: months,
        scheduled_hours_per_month: Some(NumberOrText::Integer(160 + (k % 3) * 4)),
        monthly_wage_jpy: wage,
        allowances: vec![],
        overtime_premium_percent: 25,
        bonus: Bonus {
            times_per_year: (i % 3) as i64,
            jpy_per_year: (i % 3) as i64 * 100_000,
        },
        housing: Housing {
            provided: housing,
            rent_jpy: if housing { 20_000 + (k % 4) * 5_000 } else { 0 },
            utilities_jpy: if housing { 7_000 } else { 0 },
        },
        meals: Meals {
            provided: false,
            deduction_jpy: 0,
        },
        commuting_allowance_jpy: 0,
        insurance: jobs::PostingInsurance::default(),
        japanese_level: level.into(),
        skills_test: String::new(),
        start_date: start.into(),
        openings: 1 + (k % 8),
        fees,
    }
}

/// The programme and field of demo posting `i`: fields in turn, each field's programmes in
/// turn.
pub fn plan(i: usize) -> (&'static FieldText, &'static str) {
    let f = &FIELD_TEXTS[i % FIELD_TEXTS.len()];
    let prog = f.programmes[(i / FIELD_TEXTS.len()) % f.programmes.len()];
    (f, prog)
}

async fn employer(core: &Core, n: usize, name: &str, romanised: &str) -> CoreResult<Actor> {
    let by = By::System("demo");
    let org = organisations::create(
        core,
        by,
        &OrganisationInput {
            kind: "employer".into(),
            name: name.into(),
            name_romanised: romanised.into(),
            country: "JP".into(),
            address: String::new(),
            phone: String::new(),
            email: String::new(),
            website: String::new(),
            enterprise_code: Some(format!("JP-DEMO-{n:04}")),
        },
    )
    .await?;
    let (account, _) = accounts::create_account(
        core,
        by,
        NewAccount {
            email: format!("jobs{n}@employer.kakehashi.example"),
            display_name: romanised.into(),
            role: "employer".into(),
            organisation_id: Some(org.id.clone()),
            password: None,
            language: Some("ja".into()),
        },
    )
    .await?;
    Ok(Actor {
        user_id: account.id,
        role: account.role,
        organisation_id: account.organisation_id,
        display_name: account.display_name,
        language: account.language,
    })
}

/// Publishes the demo jobs (after [`crate::demo::load`], which provides the regulator).
pub async fn load(core: &Core, regulator: &Actor) -> CoreResult<usize> {
    let mut good = Vec::new();
    for (n, (name, romanised)) in EMPLOYERS.iter().enumerate() {
        good.push(employer(core, n + 1, name, romanised).await?);
    }
    let mut bad = Vec::new();
    for (n, (name, romanised)) in SUSPENDED.iter().enumerate() {
        bad.push(employer(core, 100 + n, name, romanised).await?);
    }
    for i in 0..DEMO_JOBS {
        let (f, prog) = plan(i);
        let by = if i < SUSPENDED_POSTINGS {
            &bad[i % bad.len()]
        } else {
            &good[i % good.len()]
        };
        let input = posting(i, f, prog);
        let p = jobs::create(core, by, &input).await?;
        jobs::publish(core, by, &p.id).await.map_err(|e| {
            CoreError::Internal(format!("demo job {i} ({prog}, {}) refused: {e:?}", f.field))
        })?;
    }
    for b in &bad {
        let org = b.organisation_id.clone().unwrap_or_default();
        registry::record_sanction(
            core,
            regulator,
            &org,
            &SanctionInput {
                kind: "suspension".into(),
                starts_on: "2026-10-01".into(),
                ends_on: Some("2027-09-30".into()),
                decision_number: "D-77/QĐ-DEMO".into(),
                ..Default::default()
            },
        )
        .await?;
    }
    Ok(DEMO_JOBS)
}
