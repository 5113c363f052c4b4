import { WeightedTable } from './weighted-table.util';

/** An administrative division with the names its authorities and courts go by. */
export interface SyntheticRegion {
  code: string;
  /** Prefix of enterprise names, e.g. '杭州'. */
  namePrefix: string;
  /** Penalty decision numbers read `${decisionPrefix}〔2024〕12号`. */
  decisionPrefix: string;
  authority: string;
  court: string;
  /** Court case numbers read `（2024）${casePrefix}执123号`, e.g. '浙0106'. */
  casePrefix: string;
}

// [code, province abbreviation, city, city abbreviation, district ('' for a 市辖区 code), weight]
// Weighted toward the two policy provinces (Zhejiang, Shandong) and Fujian, with a few elsewhere.
const REGIONS: readonly (readonly [string, string, string, string, string, number])[] = [
  ['330102', '浙', '杭州市', '杭', '上城区', 5],
  ['330106', '浙', '杭州市', '杭', '西湖区', 7],
  ['330108', '浙', '杭州市', '杭', '滨江区', 5],
  ['330110', '浙', '杭州市', '杭', '余杭区', 6],
  ['330205', '浙', '宁波市', '甬', '江北区', 5],
  ['330302', '浙', '温州市', '温', '鹿城区', 5],
  ['330402', '浙', '嘉兴市', '嘉', '南湖区', 3],
  ['330501', '浙', '湖州市', '湖', '', 3],
  ['330602', '浙', '绍兴市', '绍', '越城区', 3],
  ['330702', '浙', '金华市', '金', '婺城区', 3],
  ['370102', '鲁', '济南市', '济', '历下区', 5],
  ['370103', '鲁', '济南市', '济', '市中区', 4],
  ['370202', '鲁', '青岛市', '青', '市南区', 5],
  ['370203', '鲁', '青岛市', '青', '市北区', 3],
  ['370211', '鲁', '青岛市', '青', '黄岛区', 4],
  ['370302', '鲁', '淄博市', '淄', '淄川区', 3],
  ['370602', '鲁', '烟台市', '烟', '芝罘区', 3],
  ['370702', '鲁', '潍坊市', '潍', '潍城区', 3],
  ['370811', '鲁', '济宁市', '济宁', '任城区', 2],
  ['371002', '鲁', '威海市', '威', '环翠区', 3],
  ['350102', '闽', '福州市', '榕', '鼓楼区', 3],
  ['350104', '闽', '福州市', '榕', '仓山区', 3],
  ['350203', '闽', '厦门市', '厦', '思明区', 4],
  ['350503', '闽', '泉州市', '泉', '丰泽区', 2],
  ['110105', '京', '北京市', '京', '朝阳区', 2],
  ['310115', '沪', '上海市', '沪', '浦东新区', 2],
  ['440305', '粤', '深圳市', '深', '南山区', 2],
  ['320505', '苏', '苏州市', '苏', '虎丘区', 2],
];

export const REGION_TABLE = new WeightedTable<SyntheticRegion>(
  REGIONS.map(([code, province, city, cityAbbr, district]) => ({
    code,
    namePrefix: city.slice(0, -1),
    decisionPrefix: `${cityAbbr}${district ? district.slice(0, 2) : ''}市监处罚`,
    authority: `${city}${district}市场监督管理局`,
    court: district ? `${city}${district}人民法院` : `${city}中级人民法院`,
    casePrefix: `${province}${code.slice(2)}`,
  })),
  REGIONS.map((r) => r[5]),
);
