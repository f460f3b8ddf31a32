/**
 * The demo people of the development identity provider: officials of the city SSO (the same people,
 * agencies and positions as the seed's demo accounts) and citizens of VNeID. Everyone's password is the
 * demo password. Claim shapes: docs/IDENTITY.md §Claims.
 */

/** The password of every demo person of the development identity provider (as the seed's demo accounts). */
export const IDP_DEMO_PASSWORD = 'motcua-demo-2026';

export type DemoOfficial = {
  readonly sub: string;
  readonly preferred_username: string;
  readonly name: string;
  readonly email: string;
  /** Electronic identifier code of the official's agency (QĐ 20/2020/QĐ-TTg), as in docs/AGENCIES.md. */
  readonly agency_code: string;
  /** Position title (chức danh) as the city's HR system writes it. */
  readonly position: string;
};

export type DemoCitizen = {
  readonly sub: string;
  /** Số định danh cá nhân: PPP G YY RRRRRR (DOMAIN.md §8.1; Cần Thơ = 092). */
  readonly personal_id: string;
  readonly name: string;
  readonly birthdate: string;
  readonly gender: 'male' | 'female';
  readonly address: { readonly formatted: string };
  /** VNeID identity level (mức độ 2: verified in person, with a chip-based ID card). */
  readonly identity_level: 2;
};

const official = (
  n: number,
  preferred_username: string,
  name: string,
  agency_code: string,
  position: string,
): DemoOfficial => ({
  sub: `city-${String(n).padStart(4, '0')}`,
  preferred_username,
  name,
  email: `${preferred_username}@cantho.gov.vn`,
  agency_code,
  position,
});

export const DEMO_OFFICIALS: readonly DemoOfficial[] = [
  official(1, 'tiepnhan.ninhkieu', 'Nguyễn Thị Lan', 'H13.102.01', 'Công chức tiếp nhận'),
  official(2, 'chuyenvien.ninhkieu', 'Trần Văn Minh', 'H13.102.01', 'Chuyên viên'),
  official(3, 'lanhdao.ninhkieu', 'Lê Hoàng Nam', 'H13.102.01', 'Phó Giám đốc'),
  official(4, 'chuyenvien.ubnd.ninhkieu', 'Đặng Thị Thu', 'H13.102', 'Chuyên viên'),
  official(5, 'lanhdao.ubnd.ninhkieu', 'Huỳnh Văn Sang', 'H13.102', 'Phó Chủ tịch'),
  official(6, 'chuyenvien.ubnd.caikhe', 'Ngô Minh Khoa', 'H13.101', 'Chuyên viên'),
  official(7, 'lanhdao.ubnd.caikhe', 'Bùi Thị Ngọc', 'H13.101', 'Phó Chủ tịch'),
  official(8, 'tiepnhan.trungtam', 'Phạm Thu Hà', 'H13.014', 'Công chức tiếp nhận'),
  // No demo rule maps a records clerk (văn thư): they sign in to the "chờ phân quyền" page.
  official(9, 'vanthu.ninhkieu', 'Đoàn Thị Hồng', 'H13.102.01', 'Văn thư'),
];

export const DEMO_CITIZENS: readonly DemoCitizen[] = [
  {
    sub: 'vneid-092085001234',
    personal_id: '092085001234',
    name: 'Nguyễn Văn An',
    birthdate: '1985-03-14',
    gender: 'male',
    address: { formatted: '12 Hai Bà Trưng, phường Ninh Kiều, thành phố Cần Thơ' },
    identity_level: 2,
  },
  {
    sub: 'vneid-092192004321',
    personal_id: '092192004321',
    name: 'Trần Thị Bích',
    birthdate: '1992-11-02',
    gender: 'female',
    address: { formatted: '45 Trần Văn Khéo, phường Cái Khế, thành phố Cần Thơ' },
    identity_level: 2,
  },
  {
    sub: 'vneid-094201007788',
    personal_id: '094201007788',
    name: 'Lâm Quốc Huy',
    birthdate: '2001-07-30',
    gender: 'male',
    address: { formatted: '8 Lý Tự Trọng, phường Ninh Kiều, thành phố Cần Thơ' },
    identity_level: 2,
  },
];
