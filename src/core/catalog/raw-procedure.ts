import { z } from 'zod';

/**
 * One row of the portal's "Cách thức thực hiện" table as split by the crawler of
 * `data/vn-tthc-catalog` (`cach_thuc_parsed`). The split is heuristic: `raw` runs time, fee and
 * description together ("5 Ngày làm việc25 USD(…)…"), and a description containing the words "Trực
 * tuyến"/"Trực tiếp" sometimes starts a spurious extra row; joining `method + raw` in order restores the
 * portal text.
 */
export const RawChannel = z.looseObject({
  method: z.string(),
  raw: z.string(),
  time_value: z.number().nullish(),
  time_unit: z.string().nullish(),
});
export type RawChannel = z.infer<typeof RawChannel>;

/**
 * One line of `procedures_cap_tinh_cap_xa.jsonl`: a procedure (thủ tục hành chính) as published on the
 * National Public Service Portal, with the portal's sections flattened to text. Unknown keys pass
 * through; text fields missing from a line read as empty.
 */
export const RawProcedure = z.looseObject({
  ma_thu_tuc: z.string().trim().min(1),
  ten_thu_tuc: z.string().trim().min(1),
  cap_thuc_hien: z.string().default(''),
  loai_thu_tuc: z.string().default(''),
  linh_vuc: z.string().default(''),
  doi_tuong_thuc_hien: z.string().default(''),
  co_quan_co_tham_quyen: z.string().default(''),
  co_quan_thuc_hien: z.string().default(''),
  co_quan_duoc_uy_quyen: z.string().default(''),
  co_quan_phoi_hop: z.string().default(''),
  dia_chi_tiep_nhan: z.string().default(''),
  so_quyet_dinh: z.string().default(''),
  thu_tuc_lien_quan: z.string().default(''),
  trinh_tu_thuc_hien: z.string().default(''),
  cach_thuc_parsed: z.array(RawChannel).default([]),
  thanh_phan_ho_so: z.string().default(''),
  yeu_cau_dieu_kien: z.string().default(''),
  ket_qua_xu_ly: z.string().default(''),
  can_cu_phap_ly: z.string().default(''),
  ministry_folder: z.string().optional(),
  detail_url: z.string().optional(),
});
export type RawProcedure = z.infer<typeof RawProcedure>;
