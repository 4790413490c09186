// ORG_002 查询费用列表 `/queryUnsettleList` — spec lines 1825-3052. Rows in the spec's order; the trailing
// comment of each row is its line in the spec text.
import { ACCOUNT_TYPE, FEE_TYPE, HI_ITEM, MDTRT_CERT_TYPE, PATIENT_TYPE } from './org-dictionaries.js';
import { OPERATOR_ID, OPERATOR_NAME, ORG_CODE, ORG_FAILURE_RESPONSE, RET_CODE_FIELD, RET_MSG_FIELD, SUB_ORG_CODE, TERM_NO } from './org-common.js';
import type { ConditionalRule, FieldSpec, OrgInterfaceSpec } from './types.js';

export const QUERY_UNSETTLE_LIST_REQUEST = [
  OPERATOR_ID,
  OPERATOR_NAME,
  TERM_NO,
  ORG_CODE,
  SUB_ORG_CODE,
  { name: 'org_trace_no', zh: 'HIS系统跟踪号(唯一)', type: 'String', maxLength: 40, required: false, note: '' },  // line 1885
  { name: 'mdtrt_cert_type', zh: '就诊凭证类型', type: 'String', maxLength: 10, required: true, enum: MDTRT_CERT_TYPE, note: '' },  // line 1892
  { name: 'mdtrt_cert_no', zh: '就诊凭证编号', type: 'String', maxLength: 40, required: true, note: '', sensitive: 'id' },  // line 1899
  { name: 'cert_no', zh: '证件号', type: 'String', maxLength: 40, required: true, note: '', sensitive: 'id' },  // line 1906
  { name: 'his_cust_id', zh: '患者院内证件号', type: 'String', maxLength: 40, required: false, note: '', sensitive: 'id' },  // line 1913
  { name: 'his_cust_type', zh: '患者院内证件类型', type: 'String', maxLength: 10, required: false, note: '' },  // line 1920
  { name: 'account_type', zh: '账户类型: 01:门诊账户 02:住院账户', type: 'String', maxLength: 10, required: false, enum: ACCOUNT_TYPE, note: '参考账户类型字典' },  // line 1927
  { name: 'begin_date', zh: '查询开始日期', type: 'String', maxLength: 10, required: false, note: '可空,处方日期 格式：yyyy-MM-dd', format: 'date' },  // line 1936
  { name: 'end_date', zh: '查询截止日期', type: 'String', maxLength: 10, required: false, note: '可空,处方日期 格式：yyyy-MM-dd', format: 'date' },  // line 1944
] as const satisfies readonly FieldSpec[];

export const QUERY_UNSETTLE_LIST_RESPONSE = [
  RET_CODE_FIELD,
  RET_MSG_FIELD,
  { name: 'tip_msg', zh: '提示信息', type: 'String', maxLength: 100, required: true, note: '如果有返回这个信息，会在用户待结算费用列表不为空的情况下“弹窗温馨提醒”' },  // line 1975
  { name: 'unsettlelist', zh: '待结算列表', type: 'List<JSONObject>', maxLength: null, required: false, note: '待结算列表',
    items: [
      { name: 'org_trace_no', zh: '机构跟踪号', type: 'String', maxLength: 40, required: true, note: '' },  // line 1991
      { name: 'doc_trace_no', zh: '单据流水号', type: 'String', maxLength: 40, required: true, note: '' },  // line 1998
      { name: 'ipt_otp_no', zh: '院内门诊号/住院号', type: 'String', maxLength: 30, required: false, note: '' },  // line 2005
      { name: 'ipt_no', zh: '住院号', type: 'String', maxLength: 40, required: false, note: '“住院结算场景必传”' },  // line 2012
      { name: 'patient_type', zh: '患者费别 00 自费 01 医保 返回空则使用查询账户信息时候的“费别”', type: 'String', maxLength: 10, required: true, enum: PATIENT_TYPE, note: '00 自费 01 医保 返回空则使用查询账户信息时候的“费别”' },  // line 2019
      { name: 'mdtrt_cert_type', zh: '就诊凭证类型', type: 'String', maxLength: 10, required: true, enum: MDTRT_CERT_TYPE, note: '' },  // line 2031
      { name: 'mdtrt_cert_no', zh: '就诊凭证编号', type: 'String', maxLength: 40, required: true, note: '', sensitive: 'id' },  // line 2038
      { name: 'cert_no', zh: '证件号', type: 'String', maxLength: 40, required: true, note: '', sensitive: 'id' },  // line 2045
      { name: 'psn_name', zh: '姓名', type: 'String', maxLength: 10, required: false, note: '', sensitive: 'name' },  // line 2052
      { name: 'gend', zh: '性别', type: 'String', maxLength: 10, required: true, note: '' },  // line 2059
      { name: 'age', zh: '年龄', type: 'String', maxLength: 20, required: false, note: '' },  // line 2066
      { name: 'mdtrt_id', zh: '门诊/住院流水号(医保门诊挂号/入院办理返回的就诊id)', type: 'String', maxLength: 40, required: false, note: '' },  // line 2073
      { name: 'dise_codg', zh: '病种编码', type: 'String', maxLength: 40, required: false, note: '贯标后的国标编码' },  // line 2080
      { name: 'dise_name', zh: '病种名称', type: 'String', maxLength: 100, required: false, note: '' },  // line 2087
      { name: 'dept_name', zh: '科室名称', type: 'String', maxLength: 100, required: true, note: '需要在医保核心两定云平台上有记录的名称' },  // line 2094
      { name: 'dept_code', zh: '科室编码', type: 'String', maxLength: 30, required: true, note: '需要在医保核心两定云平台上有记录的编码' },  // line 2101
      { name: 'caty', zh: '科别', type: 'String', maxLength: 30, required: true, note: '贯标后的国标编码' },  // line 2108
      { name: 'atddr_no', zh: '医生编码', type: 'String', maxLength: 30, required: true, note: '贯标后的国标编码' },  // line 2115
      { name: 'dr_name', zh: '医生姓名', type: 'String', maxLength: 100, required: true, note: '' },  // line 2122
      { name: 'chfpdr_no', zh: '主诊医生编码', type: 'String', maxLength: 40, required: true, note: '贯标后的国标编码' },  // line 2129
      { name: 'chfpdr_name', zh: '主诊医师姓名', type: 'String', maxLength: 40, required: true, note: '' },  // line 2136
      { name: 'adm_diag_dscr', zh: '入院诊断描述（住院不可空）', type: 'String', maxLength: 500, required: false, note: '住院业务必填' },  // line 2143
      { name: 'adm_dept_codg', zh: '入院科室编码（住院不可空）', type: 'String', maxLength: 40, required: false, note: '住院业务必填 贯标后的国标编码' },  // line 2150
      { name: 'adm_dept_name', zh: '入院科室名称（住院不可空）', type: 'String', maxLength: 100, required: false, note: '住院业务必填' },  // line 2158
      { name: 'adm_bed', zh: '入院床位（住院不可空）', type: 'String', maxLength: 40, required: false, note: '住院业务必填' },  // line 2165
      { name: 'dscg_maindiag_code', zh: '住院主诊断代码', type: 'String', maxLength: 40, required: false, note: '住院业务必填 贯标后的国标编码' },  // line 2172
      { name: 'dscg_maindiag_name', zh: '住院主诊断名称', type: 'String', maxLength: 200, required: false, note: '住院业务必填' },  // line 2180
      { name: 'oprn_oprt_code', zh: '手术操作代码', type: 'String', maxLength: 40, required: false, note: '贯标后的国标编码' },  // line 2187
      { name: 'oprn_oprt_name', zh: '手术操作名称', type: 'String', maxLength: 200, required: false, note: '' },  // line 2194
      { name: 'medfee_sumamt', zh: '医疗费总额', type: 'String', maxLength: 18, required: true, note: '', format: 'amount' },  // line 2201
      { name: 'psn_setlway', zh: '个人结算方式', type: 'String', maxLength: 10, required: false, note: '' },  // line 2208
      { name: 'acct_used_flag', zh: '个人账户使用标志', type: 'String', maxLength: 4, required: false, note: '见医保基线版字典' },  // line 2215
      { name: 'invono', zh: '发票号', type: 'String', maxLength: 40, required: false, note: '' },  // line 2222
      { name: 'fulamt_ownpay_amt', zh: '全自费金额', type: 'String', maxLength: 18, required: false, note: '' },  // line 2229
      { name: 'overlmt_selfpay', zh: '超限价金额', type: 'String', maxLength: 18, required: false, note: '' },  // line 2236
      { name: 'preselfpay_amt', zh: '先行自付金额', type: 'String', maxLength: 18, required: false, note: '' },  // line 2243
      { name: 'inscp_scp_amt', zh: '符合政策范围金额', type: 'String', maxLength: 18, required: false, note: '' },  // line 2250
      { name: 'mid_setl_flag', zh: '中途结算标志', type: 'String', maxLength: 4, required: false, note: '见医保基线版字典' },  // line 2257
      { name: 'med_type', zh: '医疗类别', type: 'String', maxLength: 10, required: true, note: '见医保基线版字典' },  // line 2264
      { name: 'fpsc_no', zh: '计划生育服务证号', type: 'String', maxLength: 40, required: false, note: '' },  // line 2271
      { name: 'birctrl_type', zh: '计划生育手术类别', type: 'String', maxLength: 10, required: false, note: '见医保基线版字典' },  // line 2278
      { name: 'matn_type', zh: '生育类别', type: 'String', maxLength: 10, required: false, note: '见医保基线版字典' },  // line 2285
      { name: 'fetus_cnt', zh: '胎儿数', type: 'String', maxLength: 18, required: false, note: '' },  // line 2292
      { name: 'birctrl_matn_date', zh: '计划生育手术或生育日期', type: 'String', maxLength: 20, required: false, note: '格式：yyyy-MM-dd', format: 'date' },  // line 2299
      { name: 'latechb_flag', zh: '晚育标志', type: 'String', maxLength: 4, required: false, note: '见医保基线版字典' },  // line 2306
      { name: 'geso_val', zh: '孕周数', type: 'String', maxLength: 18, required: false, note: '' },  // line 2313
      { name: 'fetts', zh: '胎次', type: 'String', maxLength: 18, required: false, note: '' },  // line 2320
      { name: 'pret_flag', zh: '早产标志', type: 'String', maxLength: 4, required: false, note: '见医保基线版字典' },  // line 2327
      { name: 'dise_type_code', zh: '病种类型', type: 'String', maxLength: 10, required: false, note: '' },  // line 2334
      { name: 'begn_time', zh: '就诊时间 (yyyy-MM-dd HH:mm:ss)', type: 'String', maxLength: 20, required: false, note: '', format: 'datetime' },  // line 2341
      { name: 'dscg_way', zh: '离院方式', type: 'String', maxLength: 10, required: false, note: '' },  // line 2349
      { name: 'cop_flag', zh: '伴有并发症标志', type: 'String', maxLength: 4, required: false, note: '见医保基线版字典' },  // line 2356
      { name: 'dscg_dept_codg', zh: '出院科室编码', type: 'String', maxLength: 40, required: false, note: '贯标后的国标编码' },  // line 2363
      { name: 'dscg_dept_name', zh: '出院科室名称', type: 'String', maxLength: 200, required: false, note: '' },  // line 2370
      { name: 'dscg_bed', zh: '出院床位', type: 'String', maxLength: 40, required: false, note: '' },  // line 2377
      { name: 'die_date', zh: '死亡日期', type: 'String', maxLength: 20, required: false, note: '格式：yyyy-MM-dd', format: 'date' },  // line 2384
      { name: 'main_cond_dscr', zh: '主要病情描述', type: 'String', maxLength: 500, required: false, note: '' },  // line 2391
      { name: 'insu_code', zh: '参保人所在统筹区编码', type: 'String', maxLength: 20, required: false, note: '“自费费别”的用户可以不传，但如果为“医保费别”则必传' },  // line 2398
      { name: 'chrg_bchno', zh: '“收费批次号”', type: 'String', maxLength: 30, required: true, note: '' },  // line 2405
      { name: 'psn_no', zh: '人员编码', type: 'String', maxLength: 40, required: false, note: '“自费费别”的用户可以不传，但如果为“医保费别”则必传', sensitive: 'id' },  // line 2412
      { name: 'insu_type', zh: '险种类型', type: 'String', maxLength: 10, required: false, note: '“自费费别”的用户可以不传，但如果为“医保费别”则必传' },  // line 2419
      { name: 'medrcdno', zh: '病历号', type: 'String', maxLength: 40, required: false, note: '' },  // line 2426
      { name: 'fee_type', zh: '费用类型', type: 'String', maxLength: 40, required: false, enum: FEE_TYPE, note: '00  预约挂号 01 挂号支付 02 住院支付 03 体检支付 04 家庭医生签约 05 互联网医院 06 长处方结算 07 药店互联网购药 08 门诊自助终端结算 09   药店线下购药 10   住院自助终端结算 具体见医保移动支付中心字典' },  // line 2433
      { name: 'exp_content', zh: '当地医保所要求的费用/挂号/上传与结算时所需要的扩展参数', type: 'String', maxLength: 4000, required: false, note: '传递给当地医保核心系统的扩展字段exp_content中可为空的字段，若当地医保核心系统无明确要求，可以不传，反之则需要传入', sensitive: 'id' },  // line 2451
      { name: 'diaglist', zh: '诊断明细', type: 'List<JSONObject>', maxLength: null, required: false, note: '',
        items: [
          { name: 'diag_type', zh: '诊断类别', type: 'String', maxLength: 10, required: true, note: '见医保基线版字典' },  // line 2474
          { name: 'diag_srt_no', zh: '诊断排序号', type: 'String', maxLength: 40, required: true, note: '' },  // line 2481
          { name: 'diag_code', zh: '诊断代码', type: 'String', maxLength: 100, required: true, note: '贯标后的国标编码' },  // line 2488
          { name: 'diag_name', zh: '诊断名称', type: 'String', maxLength: 200, required: true, note: '' },  // line 2495
          { name: 'diag_dept', zh: '诊断科室', type: 'String', maxLength: 50, required: true, note: '' },  // line 2502
          { name: 'diag_dept_name', zh: '诊断科室名称', type: 'String', maxLength: 200, required: true, note: '' },  // line 2509
          { name: 'dise_dor_no', zh: '诊断医生编码', type: 'String', maxLength: 40, required: true, note: '贯标后的国标编码' },  // line 2516
          { name: 'dise_dor_name', zh: '诊断医生姓名', type: 'String', maxLength: 100, required: true, note: '' },  // line 2523
          { name: 'diag_time', zh: '诊断时间（yyyy-MM-dd HH:mm:ss）', type: 'String', maxLength: 20, required: true, note: '', format: 'datetime' },  // line 2530
          { name: 'vali_flag', zh: '有效标志', type: 'String', maxLength: 4, required: true, note: '见医保基线版字典' },  // line 2537
          { name: 'maindiag_flag', zh: '主诊断标志', type: 'String', maxLength: 4, required: true, note: '见医保基线版字典' },  // line 2544
        ] },  // line 2458
      { name: 'rxlist', zh: '处方明细', type: 'List<JSONObject>', maxLength: null, required: true, note: '',
        items: [
          { name: 'chrg_bchno', zh: '“收费批次号”', type: 'String', maxLength: 30, required: true, note: '' },  // line 2555
          { name: 'rx_no', zh: '处方号', type: 'String', maxLength: 40, required: false, note: '' },  // line 2562
          { name: 'rx_circ_flag', zh: '外购处方标志', type: 'String', maxLength: 4, required: false, note: '见医保基线版字典' },  // line 2569
          { name: 'feedetl_sn', zh: '费用明细流水号', type: 'String', maxLength: 40, required: true, note: '' },  // line 2576
          { name: 'drord_no', zh: '医嘱号', type: 'String', maxLength: 40, required: false, note: '' },  // line 2583
          { name: 'med_list_codg', zh: '医疗目录编码', type: 'String', maxLength: 50, required: true, note: '贯标后的国标编码' },  // line 2590
          { name: 'medins_list_codg', zh: '医药机构目录编码', type: 'String', maxLength: 50, required: true, note: '' },  // line 2597
          { name: 'pric', zh: '项目单价', type: 'String', maxLength: 18, required: true, note: '' },  // line 2604
          { name: 'cnt', zh: '项目数量', type: 'String', maxLength: 18, required: true, note: '' },  // line 2611
          { name: 'det_item_fee_sumamt', zh: '明细项目费用总额', type: 'String', maxLength: 18, required: true, note: '', format: 'amount' },  // line 2618
          { name: 'used_frqu_dscr', zh: '使用频次描述', type: 'String', maxLength: 100, required: false, note: '' },  // line 2625
          { name: 'sin_dos_dscr', zh: '单次剂量描述', type: 'String', maxLength: 100, required: false, note: '' },  // line 2632
          { name: 'prd_days', zh: '周期天数', type: 'String', maxLength: 10, required: false, note: '' },  // line 2639
          { name: 'medc_way_dscr', zh: '用药途径描述', type: 'String', maxLength: 200, required: false, note: '见医保基线版字典' },  // line 2646
          { name: 'fee_ocur_time', zh: '费用发生时间 （yyyy-MM-dd HH:mm:ss）', type: 'String', maxLength: 20, required: false, note: '', format: 'datetime' },  // line 2653
          { name: 'bilg_dr_name', zh: '开单医师姓名', type: 'String', maxLength: 100, required: true, note: '贯标后的国标编码' },  // line 2661
          { name: 'bilg_dr_codg', zh: '开单医生编码', type: 'String', maxLength: 100, required: true, note: '贯标后的国标编码' },  // line 2668
          { name: 'orders_dr_code', zh: '受单医生编码', type: 'String', maxLength: 100, required: false, note: '如果“受单医生”和“开单医生”不同则一定要进行传入，否则如果为空则默认和开单医生相同 贯标后的国标编码' },  // line 2675
          { name: 'orders_dr_name', zh: '受单医生姓名', type: 'String', maxLength: 100, required: false, note: '如果“受单医生”和“开单医生”不同则一定要进行传入，否则如果为空则默认和开单医生相同' },  // line 2683
          { name: 'bilg_dept_codg', zh: '开单科室编码', type: 'String', maxLength: 50, required: true, note: '贯标后的国标编码' },  // line 2690
          { name: 'bilg_dept_name', zh: '开单科室名称', type: 'String', maxLength: 100, required: true, note: '' },  // line 2697
          { name: 'acord_dept_codg', zh: '“受单科室编码”', type: 'String', maxLength: 50, required: false, note: '如果“受单科室”和“开单科室”不同则一定要进行传入，否则如果为空则默认和开单科室相同 贯标后的国标编码' },  // line 2704
          { name: 'acord_dept_name', zh: '“受单科室名称”', type: 'String', maxLength: 100, required: false, note: '如果“受单科室”和“开单科室”不同则一定要进行传入，否则如果为空则默认和开单科室相同 贯标后的国标编码' },  // line 2712
          { name: 'prod_barc', zh: '商品条形编码', type: 'String', maxLength: 40, required: false, note: '' },  // line 2720
          { name: 'hosp_appr_flag', zh: '医院审批标志', type: 'String', maxLength: 4, required: true, note: '见医保基线版字典' },  // line 2727
          { name: 'tcmdrug_used_way', zh: '中药使用方式', type: 'String', maxLength: 4, required: false, note: '' },  // line 2734
          { name: 'etip_flag', zh: '“外检标志”', type: 'String', maxLength: 4, required: false, note: '见医保基线版字典' },  // line 2741
          { name: 'etip_hosp_code', zh: '“外检医院编码”', type: 'String', maxLength: 40, required: false, note: '贯标后的国标编码' },  // line 2748
          { name: 'dscg_tkdrug_flag', zh: '出院带药标志', type: 'String', maxLength: 4, required: false, note: '见医保基线版字典' },  // line 2755
          { name: 'matn_fee_flag', zh: '生育费用标志', type: 'String', maxLength: 4, required: false, note: '见医保基线版字典' },  // line 2762
          { name: 'item_name', zh: '项目名称', type: 'String', maxLength: 200, required: true, note: '' },  // line 2769
          { name: 'invo_item_no', zh: '发票项目编码', type: 'String', maxLength: 40, required: true, note: '' },  // line 2776
          { name: 'hi_item', zh: '是否医保项目', type: 'String', maxLength: 4, required: true, enum: HI_ITEM, note: 'Y为“是” N为“否”' },  // line 2783
          { name: 'item_emp', zh: '项目单位', type: 'String', maxLength: 30, required: true, note: '' },  // line 2791
          { name: 'item_spec', zh: '项目规格', type: 'String', maxLength: 30, required: false, note: '如果项目为药品则不能为空' },  // line 2798
          { name: 'dos_form', zh: '剂型', type: 'String', maxLength: 30, required: false, note: '如果项目为药品则不能为空' },  // line 2805
          { name: 'emp_medc_emp', zh: '单位用药单位', type: 'String', maxLength: 30, required: false, note: '如果项目为药品则不能为空' },  // line 2812
          { name: 'drug_to_int', zh: '取药总量', type: 'String', maxLength: 10, required: false, note: '如果项目为药品则不能为空' },  // line 2819
          { name: 'drug_to_int_emp', zh: '取药总量单位', type: 'String', maxLength: 10, required: false, note: '如果项目为药品则不能为空' },  // line 2826
          { name: 'drug_cnt_days', zh: '药量天数', type: 'String', maxLength: 10, required: false, note: '如果项目为药品才需要，可空' },  // line 2833
          { name: 'drug_medc_way_code', zh: '给药途径编码', type: 'String', maxLength: 10, required: false, note: '如果项目为药品才需要，可空 见医保基线版字典' },  // line 2840
          { name: 'memo', zh: '备注', type: 'String', maxLength: null, required: false, note: '' },  // line 2848
          { name: 'exp_content', zh: '当地医保“上传明细”时候所要求的费用明细上传的扩展参数', type: 'String', maxLength: null, required: false, note: '传递给当地医保核心系统“上传明细”接口的扩展字段exp_content中可为空的字段，若当地医保核心系统对于“明细上传”无明确要求，可以不传，反之则需要传入', sensitive: 'id' },  // line 2855
        ] },  // line 2465
    ] },  // line 1982
] as const satisfies readonly FieldSpec[];

// Per bill of unsettlelist. 住院 is known from the request's account_type 02 住院账户 (line
// 1927); a bill's own patient_type 01 医保 asks for the insurance fields. "如果项目为药品则不能为空"
// (rxlist item_spec … drug_to_int_emp, lines 2798-2832) is not a rule: no field says an item is
// a drug.
export const QUERY_UNSETTLE_LIST_RULES = [
  { id: 'queryUnsettleList.psnNoForInsured', direction: 'response', scope: 'unsettlelist',
    when: { field: 'patient_type', equals: '01' }, then: { field: 'psn_no', required: true },
    note: 'psn_no：“自费费别”的用户可以不传，但如果为“医保费别”则必传（第2417行）' },
  { id: 'queryUnsettleList.insuTypeForInsured', direction: 'response', scope: 'unsettlelist',
    when: { field: 'patient_type', equals: '01' }, then: { field: 'insu_type', required: true },
    note: 'insu_type：“自费费别”的用户可以不传，但如果为“医保费别”则必传（第2424行）' },
  { id: 'queryUnsettleList.insuCodeForInsured', direction: 'response', scope: 'unsettlelist',
    when: { field: 'patient_type', equals: '01' }, then: { field: 'insu_code', required: true },
    note: 'insu_code：“自费费别”的用户可以不传，但如果为“医保费别”则必传（第2403行）' },
  { id: 'queryUnsettleList.iptNoForInpatient', direction: 'response', scope: 'unsettlelist',
    when: { field: 'account_type', equals: '02', of: 'request' }, then: { field: 'ipt_no', required: true },
    note: 'ipt_no：“住院结算场景必传”（第2012行）' },
  { id: 'queryUnsettleList.admDiagDscrForInpatient', direction: 'response', scope: 'unsettlelist',
    when: { field: 'account_type', equals: '02', of: 'request' }, then: { field: 'adm_diag_dscr', required: true },
    note: 'adm_diag_dscr：住院业务必填（第2143行）' },
  { id: 'queryUnsettleList.admDeptCodgForInpatient', direction: 'response', scope: 'unsettlelist',
    when: { field: 'account_type', equals: '02', of: 'request' }, then: { field: 'adm_dept_codg', required: true },
    note: 'adm_dept_codg：住院业务必填（第2150行）' },
  { id: 'queryUnsettleList.admDeptNameForInpatient', direction: 'response', scope: 'unsettlelist',
    when: { field: 'account_type', equals: '02', of: 'request' }, then: { field: 'adm_dept_name', required: true },
    note: 'adm_dept_name：住院业务必填（第2158行）' },
  { id: 'queryUnsettleList.admBedForInpatient', direction: 'response', scope: 'unsettlelist',
    when: { field: 'account_type', equals: '02', of: 'request' }, then: { field: 'adm_bed', required: true },
    note: 'adm_bed：住院业务必填（第2165行）' },
  { id: 'queryUnsettleList.dscgMaindiagCodeForInpatient', direction: 'response', scope: 'unsettlelist',
    when: { field: 'account_type', equals: '02', of: 'request' }, then: { field: 'dscg_maindiag_code', required: true },
    note: 'dscg_maindiag_code：住院业务必填（第2172行）' },
  { id: 'queryUnsettleList.dscgMaindiagNameForInpatient', direction: 'response', scope: 'unsettlelist',
    when: { field: 'account_type', equals: '02', of: 'request' }, then: { field: 'dscg_maindiag_name', required: true },
    note: 'dscg_maindiag_name：住院业务必填（第2180行）' },
] as const satisfies readonly ConditionalRule[];

export const ORG_002: OrgInterfaceSpec = {
  id: 'ORG_002',
  method: 'queryUnsettleList',
  name: '查询费用列表',
  suffix: '/queryUnsettleList',
  path: '/queryUnsettleList',
  description: '查询用户院内现在的待缴费费用列表，用于展示给用户进行确认和选择',
  optional: false,
  specLines: '1825-3052',
  failureResponse: ORG_FAILURE_RESPONSE,
  request: QUERY_UNSETTLE_LIST_REQUEST,
  response: QUERY_UNSETTLE_LIST_RESPONSE,
  rules: QUERY_UNSETTLE_LIST_RULES,
};
