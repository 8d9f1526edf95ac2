//! The demo data set: realistic, deterministic, in Vietnamese, Japanese and English. Every
//! organisation in it is fictional (names, codes and licence numbers are invented for the
//! demo and marked so on the pages); the rules it meets are the real ones.

use crate::accounts::{self, NewAccount};
use crate::audit::By;
use crate::error::CoreResult;
use crate::organisations::{self, OrganisationInput};
use crate::postings::{
    self as jobs, Allowance, Bonus, FeeLine, Housing, Meals, PostingInput, PostingInsurance, Texts,
};
use crate::registry::{self, InspectionInput, LicenceInput, SanctionInput, ViolationInput};
use crate::{Actor, Core};
use kakehashi_rules::recruitment::NumberOrText;
use kakehashi_store::organisations as org_store;
use std::collections::BTreeMap;

/// The password of every demo account (printed at start-up; never use the demo in production).
pub const DEMO_PASSWORD: &str = "kakehashi-demo-2026";

/// A demo sign-in, as printed for the person trying the platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSignIn {
    pub role: String,
    pub email: String,
    pub name: String,
}

struct DemoOrg {
    key: &'static str,
    kind: &'static str,
    name: &'static str,
    name_romanised: &'static str,
    country: &'static str,
    address: &'static str,
    phone: &'static str,
    website: &'static str,
    enterprise_code: &'static str,
}

const ORGS: &[DemoOrg] = &[
    DemoOrg {
        key: "sao_viet",
        kind: "sending_enterprise",
        name: "Công ty Cổ phần Cung ứng Nhân lực Sao Việt",
        name_romanised: "Sao Viet Manpower Supply JSC",
        country: "VN",
        address: "Số 18 phố Trần Quang Khải, phường Hoàn Kiếm, Hà Nội",
        phone: "+84 24 3936 1001",
        website: "https://saoviet-demo.example.vn",
        enterprise_code: "0109000001",
    },
    DemoOrg {
        key: "hong_ha",
        kind: "sending_enterprise",
        name: "Công ty TNHH Phát triển Nguồn nhân lực Hồng Hà",
        name_romanised: "Hong Ha Human Resources Development Co., Ltd",
        country: "VN",
        address: "Số 52 đường Lê Lợi, phường Thành Vinh, Nghệ An",
        phone: "+84 238 356 2002",
        website: "https://hongha-demo.example.vn",
        enterprise_code: "2901000002",
    },
    DemoOrg {
        key: "binh_minh",
        kind: "sending_enterprise",
        name: "Công ty Cổ phần Hợp tác Quốc tế Bình Minh",
        name_romanised: "Binh Minh International Cooperation JSC",
        country: "VN",
        address: "Số 7 đường Nguyễn Văn Cừ, phường Hồng Bàng, Hải Phòng",
        phone: "+84 225 374 3003",
        website: "https://binhminh-demo.example.vn",
        enterprise_code: "0201000003",
    },
    DemoOrg {
        key: "sakura",
        kind: "supervising_org",
        name: "協同組合さくら技能育成機構",
        name_romanised: "Sakura Skills Development Cooperative",
        country: "JP",
        address: "愛知県名古屋市中区栄三丁目1番1号",
        phone: "+81 52 000 1001",
        website: "https://sakura-coop.example.jp",
        enterprise_code: "JP-SUP-0001",
    },
    DemoOrg {
        key: "mirai",
        kind: "registered_support_org",
        name: "株式会社みらいサポート",
        name_romanised: "Mirai Support Co., Ltd.",
        country: "JP",
        address: "大阪府大阪市北区梅田一丁目2番3号",
        phone: "+81 6 0000 2002",
        website: "https://mirai-support.example.jp",
        enterprise_code: "JP-RSO-0002",
    },
    DemoOrg {
        key: "tokai",
        kind: "employer",
        name: "株式会社東海精密工業",
        name_romanised: "Tokai Precision Industries Co., Ltd.",
        country: "JP",
        address: "愛知県豊田市元町4番地",
        phone: "+81 565 00 3003",
        website: "https://tokai-seimitsu.example.jp",
        enterprise_code: "JP-EMP-0003",
    },
    DemoOrg {
        key: "hikari",
        kind: "employer",
        name: "医療法人社団ひかり会",
        name_romanised: "Hikari Medical Corporation",
        country: "JP",
        address: "東京都世田谷区三軒茶屋二丁目5番8号",
        phone: "+81 3 0000 4004",
        website: "https://hikari-kai.example.jp",
        enterprise_code: "JP-EMP-0004",
    },
    DemoOrg {
        key: "hokuto",
        kind: "employer",
        name: "株式会社北斗食品",
        name_romanised: "Hokuto Foods Co., Ltd.",
        country: "JP",
        address: "北海道札幌市東区北十条東七丁目1番",
        phone: "+81 11 000 5005",
        website: "https://hokuto-foods.example.jp",
        enterprise_code: "JP-EMP-0005",
    },
    DemoOrg {
        key: "hoa_sen",
        kind: "training_centre",
        name: "Trung tâm Đào tạo Tiếng Nhật Hoa Sen",
        name_romanised: "Hoa Sen Japanese Language Training Centre",
        country: "VN",
        address: "Số 25 đường Hùng Vương, phường Thuận Hóa, Huế",
        phone: "+84 234 382 6006",
        website: "https://hoasen-demo.example.vn",
        enterprise_code: "3301000006",
    },
    DemoOrg {
        key: "union",
        kind: "trade_union",
        name: "在日ベトナム人労働者ユニオン",
        name_romanised: "Union of Vietnamese Workers in Japan",
        country: "JP",
        address: "東京都新宿区大久保一丁目1番1号",
        phone: "+81 3 0000 7007",
        website: "",
        enterprise_code: "",
    },
    DemoOrg {
        key: "cau_noi",
        kind: "ngo",
        name: "Trung tâm Hỗ trợ Người lao động Di cư Cầu Nối",
        name_romanised: "Cau Noi Migrant Worker Support Centre",
        country: "VN",
        address: "Số 9 đường Điện Biên Phủ, phường Sài Gòn, Thành phố Hồ Chí Minh",
        phone: "+84 28 3822 8008",
        website: "https://caunoi-demo.example.vn",
        enterprise_code: "",
    },
    DemoOrg {
        key: "regulator",
        kind: "authority",
        name: "Cục Quản lý Lao động ngoài nước (dữ liệu mẫu)",
        name_romanised: "Department of Overseas Labour (demo data)",
        country: "VN",
        address: "Số 41B phố Lý Thái Tổ, phường Hoàn Kiếm, Hà Nội",
        phone: "+84 24 0000 9009",
        website: "",
        enterprise_code: "",
    },
    DemoOrg {
        key: "hotline",
        kind: "authority",
        name: "Tổng đài Hỗ trợ Người lao động (dữ liệu mẫu)",
        name_romanised: "Worker Support Hotline (demo data)",
        country: "VN",
        address: "Hà Nội",
        phone: "+84 24 0000 1010",
        website: "",
        enterprise_code: "",
    },
    DemoOrg {
        key: "platform",
        kind: "authority",
        name: "Ban Vận hành Kakehashi",
        name_romanised: "Kakehashi Platform Operations",
        country: "VN",
        address: "Hà Nội",
        phone: "",
        website: "",
        enterprise_code: "",
    },
];

struct DemoAccount {
    email: &'static str,
    name: &'static str,
    role: &'static str,
    org: Option<&'static str>,
    language: &'static str,
}

const ACCOUNTS: &[DemoAccount] = &[
    DemoAccount {
        email: "worker@kakehashi.example",
        name: "Nguyễn Văn An",
        role: "worker",
        org: None,
        language: "vi",
    },
    DemoAccount {
        email: "sending@kakehashi.example",
        name: "Trần Thị Bích",
        role: "sending_org",
        org: Some("sao_viet"),
        language: "vi",
    },
    DemoAccount {
        email: "employer@kakehashi.example",
        name: "佐藤 健一",
        role: "employer",
        org: Some("tokai"),
        language: "ja",
    },
    DemoAccount {
        email: "supervising@kakehashi.example",
        name: "鈴木 美咲",
        role: "supervising_org",
        org: Some("sakura"),
        language: "ja",
    },
    DemoAccount {
        email: "officer@kakehashi.example",
        name: "Lê Minh Châu",
        role: "case_officer",
        org: Some("hotline"),
        language: "vi",
    },
    DemoAccount {
        email: "regulator@kakehashi.example",
        name: "Phạm Quốc Dũng",
        role: "regulator",
        org: Some("regulator"),
        language: "vi",
    },
    DemoAccount {
        email: "admin@kakehashi.example",
        name: "Kakehashi Admin",
        role: "admin",
        org: Some("platform"),
        language: "en",
    },
    DemoAccount {
        email: "worker2@kakehashi.example",
        name: "Hoàng Thị Lan",
        role: "worker",
        org: None,
        language: "vi",
    },
    DemoAccount {
        email: "worker3@kakehashi.example",
        name: "Đỗ Minh Tuấn",
        role: "worker",
        org: None,
        language: "vi",
    },
    DemoAccount {
        email: "employer2@kakehashi.example",
        name: "高橋 由美",
        role: "employer",
        org: Some("hikari"),
        language: "ja",
    },
    DemoAccount {
        email: "employer3@kakehashi.example",
        name: "田中 誠",
        role: "employer",
        org: Some("hokuto"),
        language: "ja",
    },
    DemoAccount {
        email: "sending2@kakehashi.example",
        name: "Vũ Đức Hải",
        role: "sending_org",
        org: Some("hong_ha"),
        language: "vi",
    },
];

/// Ids of the demo organisations by their key, for the later parts of the demo.
pub type DemoIds = BTreeMap<&'static str, String>;

/// Fills an empty database with the demo data set and returns the sign-ins (one per role
/// first). A database that already has organisations is left alone.
pub async fn load(core: &Core) -> CoreResult<Option<Vec<DemoSignIn>>> {
    load_inner(core, false).await
}

/// [`load`] with the demo jobs that make search meaningful ([`crate::demo_jobs`]): what
/// `--demo` loads.
pub async fn load_with_jobs(core: &Core) -> CoreResult<Option<Vec<DemoSignIn>>> {
    load_inner(core, true).await
}

async fn load_inner(core: &Core, jobs: bool) -> CoreResult<Option<Vec<DemoSignIn>>> {
    let mut conn = core.db().conn().await?;
    if org_store::count(&mut conn).await? > 0 {
        return Ok(None);
    }
    drop(conn);
    let by = By::System("demo");
    let mut ids = DemoIds::new();
    for o in ORGS {
        let input = OrganisationInput {
            kind: o.kind.into(),
            name: o.name.into(),
            name_romanised: o.name_romanised.into(),
            country: o.country.into(),
            address: o.address.into(),
            phone: o.phone.into(),
            email: String::new(),
            website: o.website.into(),
            enterprise_code: Some(o.enterprise_code.into()),
        };
        let row = organisations::create(core, by, &input).await?;
        ids.insert(o.key, row.id);
    }
    let mut sign_ins = Vec::new();
    let mut actors = BTreeMap::new();
    for a in ACCOUNTS {
        let input = NewAccount {
            email: a.email.into(),
            display_name: a.name.into(),
            role: a.role.into(),
            organisation_id: a.org.map(|k| ids[k].clone()),
            password: Some(DEMO_PASSWORD.into()),
            language: Some(a.language.into()),
        };
        let (account, _) = accounts::create_account(core, by, input).await?;
        actors.insert(
            a.email,
            Actor {
                user_id: account.id,
                role: account.role,
                organisation_id: account.organisation_id,
                display_name: account.display_name,
                language: account.language,
            },
        );
        sign_ins.push(DemoSignIn {
            role: a.role.into(),
            email: a.email.into(),
            name: a.name.into(),
        });
    }
    registry_records(core, &actors["regulator@kakehashi.example"], &ids).await?;
    postings(core, &actors, &ids).await?;
    if jobs {
        crate::demo_jobs::load(core, &actors["regulator@kakehashi.example"]).await?;
    }
    Ok(Some(sign_ins))
}

/// Licences of the demo organisations, and the record of two that broke the rules: Hồng Hà
/// overcharged service fees (fined, suspended until March 2027), Bình Minh charged workers
/// brokerage (licence revoked). Numbers carry a `D-` prefix: they are not real licences.
async fn registry_records(core: &Core, regulator: &Actor, ids: &DemoIds) -> CoreResult<()> {
    let licence = |number: &str, issuer: &str, issued_on: &str, programmes: &[&str]| LicenceInput {
        number: number.into(),
        issuer: issuer.into(),
        issued_on: issued_on.into(),
        scope_programmes: programmes.iter().map(|p| (*p).to_owned()).collect(),
        scope_countries: vec!["JP".into()],
        ..Default::default()
    };
    const MOLISA: &str = "Bộ Lao động - Thương binh và Xã hội";
    let all = ["titp", "ssw1", "ssw2", "engineer_specialist"];
    registry::add_licence(
        core,
        regulator,
        &ids["sao_viet"],
        &licence("D-101/LĐTBXH-GP", MOLISA, "2022-03-15", &all),
    )
    .await?;
    registry::add_licence(
        core,
        regulator,
        &ids["hong_ha"],
        &licence("D-214/LĐTBXH-GP", MOLISA, "2021-08-20", &all),
    )
    .await?;
    registry::add_licence(
        core,
        regulator,
        &ids["binh_minh"],
        &licence("D-087/LĐTBXH-GP", MOLISA, "2020-05-05", &["titp"]),
    )
    .await?;
    registry::add_licence(
        core,
        regulator,
        &ids["sakura"],
        &licence(
            "D-許1701000123",
            "外国人技能実習機構",
            "2017-11-01",
            &["titp", "esd"],
        ),
    )
    .await?;
    registry::add_licence(
        core,
        regulator,
        &ids["mirai"],
        &licence("D-19登-000456", "出入国在留管理庁", "2019-09-01", &["ssw1"]),
    )
    .await?;

    registry::record_inspection(core, regulator, &ids["sao_viet"], &InspectionInput {
        inspected_on: "2025-06-10".into(),
        authority: "Thanh tra Bộ Lao động - Thương binh và Xã hội".into(),
        findings: "Hồ sơ hợp đồng, biểu phí và tài khoản ký quỹ đúng quy định. Không phát hiện vi phạm.".into(),
    })
    .await?;
    let inspection = registry::record_inspection(core, regulator, &ids["hong_ha"], &InspectionInput {
        inspected_on: "2026-08-05".into(),
        authority: "Thanh tra Bộ Nội vụ".into(),
        findings: "Doanh nghiệp thu tiền dịch vụ của 23 người lao động đi Nhật Bản theo hợp đồng 36 tháng ở mức 5 tháng lương, vượt mức trần 3 tháng lương.".into(),
    })
    .await?;
    let fee = registry::record_violation(
        core,
        regulator,
        &ids["hong_ha"],
        &ViolationInput {
            kind: "unlawful_service_fee".into(),
            found_on: "2026-08-05".into(),
            description: "Thu tiền dịch vụ vượt mức trần đối với 23 người lao động.".into(),
            inspection_id: Some(inspection.id),
        },
    )
    .await?;
    registry::record_sanction(
        core,
        regulator,
        &ids["hong_ha"],
        &SanctionInput {
            kind: "fine".into(),
            fine_vnd: Some(90_000_000),
            starts_on: "2026-09-01".into(),
            decision_number: "D-45/QĐ-XPHC".into(),
            violation_id: Some(fee.id.clone()),
            ..Default::default()
        },
    )
    .await?;
    registry::record_sanction(
        core,
        regulator,
        &ids["hong_ha"],
        &SanctionInput {
            kind: "suspension".into(),
            starts_on: "2026-09-15".into(),
            ends_on: Some("2027-03-14".into()),
            decision_number: "D-45/QĐ-XPHC".into(),
            violation_id: Some(fee.id),
            ..Default::default()
        },
    )
    .await?;
    let brokerage = registry::record_violation(
        core,
        regulator,
        &ids["binh_minh"],
        &ViolationInput {
            kind: "brokerage_charged".into(),
            found_on: "2025-10-20".into(),
            description: "Thu tiền môi giới 40 triệu đồng mỗi người của 12 người lao động.".into(),
            inspection_id: None,
        },
    )
    .await?;
    registry::record_sanction(
        core,
        regulator,
        &ids["binh_minh"],
        &SanctionInput {
            kind: "revocation".into(),
            starts_on: "2025-12-01".into(),
            decision_number: "D-1520/QĐ-BNV".into(),
            violation_id: Some(brokerage.id),
            ..Default::default()
        },
    )
    .await?;
    Ok(())
}

fn texts(vi: &str, ja: &str, en: &str) -> Texts {
    Texts {
        vi: vi.into(),
        ja: ja.into(),
        en: en.into(),
    }
}

fn fee(kind: &str, amount: i64, currency: &str, payer: &str) -> FeeLine {
    FeeLine {
        kind: kind.into(),
        amount,
        currency: currency.into(),
        payer: payer.into(),
    }
}

/// Jobs of the demo employers: published ones with honest costs (two workers have applied),
/// and a draft that the law's checks refuse (a brokerage fee charged to the worker).
async fn postings(core: &Core, actors: &BTreeMap<&str, Actor>, ids: &DemoIds) -> CoreResult<()> {
    let tokai = &actors["employer@kakehashi.example"];
    let hikari = &actors["employer2@kakehashi.example"];
    let hokuto = &actors["employer3@kakehashi.example"];
    let machining = PostingInput {
        sending_enterprise_id: Some(ids["sao_viet"].clone()),
        supervising_org_id: Some(ids["mirai"].clone()),
        programme: "ssw1".into(),
        field: "industrial_product_manufacturing".into(),
        title: texts(
            "Kỹ năng đặc định: vận hành máy gia công kim loại tại Toyota, Aichi",
            "特定技能：金属加工機オペレーター（愛知県豊田市）",
            "Specified Skilled Worker: metal machining operator in Toyota, Aichi",
        ),
        description: texts(
            "Vận hành máy tiện và phay CNC, kiểm tra kích thước sản phẩm. Làm ca ngày, nghỉ thứ Bảy và Chủ nhật. Có người hỗ trợ nói tiếng Việt.",
            "NC旋盤・フライス盤の操作と製品の寸法検査。日勤、土日休み。ベトナム語で相談できる支援担当者がいます。",
            "Operating CNC lathes and milling machines, checking product dimensions. Day shifts, Saturdays and Sundays off. A support officer speaks Vietnamese.",
        ),
        prefecture: 23,
        municipality: "豊田市".into(),
        contract_months: 36,
        scheduled_hours_per_month: Some(NumberOrText::Text("163.3".into())),
        monthly_wage_jpy: 232_000,
        allowances: vec![Allowance {
            name: "皆勤手当 / Phụ cấp chuyên cần".into(),
            amount_jpy: 10_000,
        }],
        overtime_premium_percent: 25,
        bonus: Bonus {
            times_per_year: 2,
            jpy_per_year: 200_000,
        },
        housing: Housing {
            provided: true,
            rent_jpy: 25_000,
            utilities_jpy: 8_000,
        },
        meals: Meals {
            provided: false,
            deduction_jpy: 0,
        },
        commuting_allowance_jpy: 5_000,
        insurance: PostingInsurance::default(),
        japanese_level: "jlpt_n4".into(),
        skills_test: "製造分野特定技能1号評価試験".into(),
        start_date: "2027-04-01".into(),
        openings: 6,
        fees: vec![
            fee("service_fee", 30_000_000, "VND", "worker"),
            fee("training", 8_000_000, "VND", "worker"),
            fee("medical_check", 1_500_000, "VND", "worker"),
            fee("passport_visa", 2_000_000, "VND", "worker"),
            fee("japanese_course", 120_000, "JPY", "employer"),
            fee("flight", 70_000, "JPY", "employer"),
            fee("service_fee", 300_000, "JPY", "employer"),
        ],
    };
    let p = jobs::create(core, tokai, &machining).await?;
    jobs::publish(core, tokai, &p.id).await?;
    jobs::apply(
        core,
        &actors["worker@kakehashi.example"],
        &p.id,
        Some(ids["sao_viet"].as_str()),
    )
    .await?;

    let care = PostingInput {
        sending_enterprise_id: Some(ids["sao_viet"].clone()),
        supervising_org_id: Some(ids["mirai"].clone()),
        programme: "ssw1".into(),
        field: "nursing_care".into(),
        title: texts(
            "Kỹ năng đặc định: nhân viên chăm sóc tại viện dưỡng lão ở Setagaya, Tokyo",
            "特定技能：特別養護老人ホームの介護職員（東京都世田谷区）",
            "Specified Skilled Worker: care worker at a nursing home in Setagaya, Tokyo",
        ),
        description: texts(
            "Hỗ trợ người cao tuổi ăn uống, tắm rửa và đi lại. Làm theo ca, có ca đêm 4 lần mỗi tháng. Hỗ trợ ôn thi chứng chỉ điều dưỡng viên (介護福祉士).",
            "入居者の食事・入浴・移動の介助。シフト制（夜勤月4回）。介護福祉士の受験を支援します。",
            "Helping residents eat, bathe and move. Shift work with four night shifts a month. Support to prepare for the certified care worker exam.",
        ),
        prefecture: 13,
        municipality: "世田谷区".into(),
        contract_months: 12,
        scheduled_hours_per_month: Some(NumberOrText::Integer(160)),
        monthly_wage_jpy: 238_000,
        allowances: vec![Allowance {
            name: "夜勤手当 / Phụ cấp ca đêm".into(),
            amount_jpy: 20_000,
        }],
        overtime_premium_percent: 25,
        bonus: Bonus {
            times_per_year: 2,
            jpy_per_year: 300_000,
        },
        housing: Housing {
            provided: true,
            rent_jpy: 30_000,
            utilities_jpy: 10_000,
        },
        meals: Meals {
            provided: true,
            deduction_jpy: 6_000,
        },
        commuting_allowance_jpy: 0,
        insurance: PostingInsurance::default(),
        japanese_level: "jft_a2".into(),
        skills_test: "介護技能評価試験・介護日本語評価試験".into(),
        start_date: "2027-01-15".into(),
        openings: 4,
        fees: vec![
            fee("service_fee", 12_000_000, "VND", "worker"),
            fee("medical_check", 1_500_000, "VND", "worker"),
            fee("service_fee", 250_000, "JPY", "employer"),
            fee("flight", 65_000, "JPY", "employer"),
            fee("japanese_course", 150_000, "JPY", "employer"),
        ],
    };
    let p = jobs::create(core, hikari, &care).await?;
    jobs::publish(core, hikari, &p.id).await?;
    jobs::apply(core, &actors["worker2@kakehashi.example"], &p.id, None).await?;

    let food = PostingInput {
        sending_enterprise_id: Some(ids["sao_viet"].clone()),
        supervising_org_id: Some(ids["sakura"].clone()),
        programme: "esd".into(),
        field: "food_beverage_manufacturing".into(),
        title: texts(
            "Lao động phát triển kỹ năng: chế biến thực phẩm tại Sapporo, Hokkaido",
            "育成就労：食品製造（北海道札幌市）",
            "Employment for Skill Development: food processing in Sapporo, Hokkaido",
        ),
        description: texts(
            "Sơ chế và đóng gói hải sản, vệ sinh dây chuyền theo HACCP. Được học tiếng Nhật 100 giờ trong năm đầu.",
            "水産物の下処理・包装、HACCPに基づくライン清掃。1年目に日本語講習100時間。",
            "Preparing and packing seafood, cleaning the line under HACCP. 100 hours of Japanese lessons in the first year.",
        ),
        prefecture: 1,
        municipality: "札幌市東区".into(),
        contract_months: 36,
        scheduled_hours_per_month: Some(NumberOrText::Integer(168)),
        monthly_wage_jpy: 205_000,
        allowances: vec![],
        overtime_premium_percent: 25,
        bonus: Bonus {
            times_per_year: 1,
            jpy_per_year: 100_000,
        },
        housing: Housing {
            provided: true,
            rent_jpy: 20_000,
            utilities_jpy: 7_000,
        },
        meals: Meals {
            provided: false,
            deduction_jpy: 0,
        },
        commuting_allowance_jpy: 0,
        insurance: PostingInsurance::default(),
        japanese_level: "jlpt_n5".into(),
        skills_test: String::new(),
        start_date: "2027-06-01".into(),
        openings: 10,
        fees: vec![
            fee("service_fee", 20_000_000, "VND", "worker"),
            fee("service_fee", 350_000, "JPY", "supervising_org"),
            fee("japanese_course", 100_000, "JPY", "employer"),
            fee("flight", 60_000, "JPY", "employer"),
        ],
    };
    let p = jobs::create(core, hokuto, &food).await?;
    jobs::publish(core, hokuto, &p.id).await?;

    // A draft the checks refuse: brokerage charged to the worker, through a suspended sender.
    let unlawful = PostingInput {
        sending_enterprise_id: Some(ids["hong_ha"].clone()),
        title: texts(
            "Thực tập kỹ năng: đóng gói thực phẩm (bản nháp)",
            "技能実習：食品包装（下書き）",
            "Technical intern: food packing (draft)",
        ),
        programme: "titp".into(),
        field: "titp_food_manufacturing".into(),
        start_date: "2027-03-01".into(),
        contract_months: 36,
        japanese_level: "none".into(),
        fees: vec![
            fee("service_fee", 45_000_000, "VND", "worker"),
            fee("brokerage", 40_000_000, "VND", "worker"),
        ],
        ..food
    };
    jobs::create(core, hokuto, &unlawful).await?;
    Ok(())
}
