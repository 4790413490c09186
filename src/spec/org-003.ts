// ORG_003 机构结算确认 `/rechargeSettle` — spec lines 3053-3892. Rows in the spec's order; the trailing
// comment of each row is its line in the spec text.
import { ACCOUNT_TYPE, CHANNEL_TYPE, CODE_TYPE, DEPOSIT_TYPE, FEE_TYPE, MDTRT_CERT_TYPE, PATIENT_TYPE, SETTLE_RESULT } from './org-dictionaries.js';
import { OPERATOR_ID, OPERATOR_NAME, ORG_CODE, ORG_FAILURE_RESPONSE, RET_CODE_FIELD, RET_MSG_FIELD, SUB_ORG_CODE, TERM_NO } from './org-common.js';
import type { ConditionalRule, FieldSpec, OrgInterfaceSpec } from './types.js';

export const RECHARGE_SETTLE_REQUEST = [
  OPERATOR_ID,
  OPERATOR_NAME,
  TERM_NO,
  ORG_CODE,
  SUB_ORG_CODE,
  { name: 'mdtrt_cert_type', zh: '就诊凭证类型', type: 'String', maxLength: 10, required: true, enum: MDTRT_CERT_TYPE, note: '参考就诊凭证类型字典' },  // line 3113
  { name: 'mdtrt_cert_no', zh: '就诊凭证编号', type: 'String', maxLength: 40, required: true, note: '就诊凭证类型为“01”时填写电子凭证令牌，为“02”时填写身份证号，为“03”时填写社会保障卡卡号', sensitive: 'id' },  // line 3120
  { name: 'org_trace_no', zh: '机构系统跟踪号', type: 'String', maxLength: 40, required: true, note: '机构系统跟踪号，和拉取待结算时候返回的org_trace_no对应' },  // line 3127
  { name: 'amp_trace_id', zh: '区域医保支付门户系统跟踪号', type: 'String', maxLength: 40, required: true, note: '区域医保支付门户系统跟踪号，机构需要保存此单号，后续可以通过这个进行退款' },  // line 3134
  { name: 'doc_trace_no', zh: '单据流水号', type: 'String', maxLength: 40, required: true, note: '单据流水号和查询待结算时候返回的doc_trace_no对应' },  // line 3141
  { name: 'account_type', zh: '账户类型: 01:门诊账户 02:住院账户', type: 'String', maxLength: 10, required: false, enum: ACCOUNT_TYPE, note: '如果为空，则默认为门诊' },  // line 3148
  { name: 'feesum_amt', zh: '费用总额', type: 'String', maxLength: 18, required: true, note: '费用总额', format: 'amount' },  // line 3157
  { name: 'deposit_amount', zh: '充值金额', type: 'String', maxLength: 18, required: false, note: '用户通过“金融支付渠道”付费的金额', format: 'amount' },  // line 3164
  { name: 'hosp_balc_pay_amt', zh: '医院余额支付额', type: 'String', maxLength: 18, required: false, note: '用户使用医院余额支付金额', format: 'amount' },  // line 3171
  { name: 'deposit_type', zh: '“充值方式” (金融支付渠道支付方式)', type: 'String', maxLength: 10, required: false, enum: DEPOSIT_TYPE, note: '参考“充值方式”字典' },  // line 3178
  { name: 'channel_type', zh: '渠道类型', type: 'String', maxLength: 10, required: false, enum: CHANNEL_TYPE, note: '参考“渠道类型”字典' },  // line 3186
  { name: 'trace_id', zh: '平台结算流水号', type: 'String', maxLength: 40, required: false, note: '平台结算流水号，机构要进行保存，后续退款和开展对账功能可以进行使用' },  // line 3193
  { name: 'used_patient_type', zh: '实际使用的“患者费别”', type: 'String', maxLength: 10, required: true, enum: PATIENT_TYPE, note: '回写HIS实际用户线上结算所使用的费别，例如拉取待结算处方时机构所返回的“患者费别”为医保，但是在实际交互的过程中，平台如果发现病人在医保系统中查询不到对应的档案则会提示用户是否转为自费，此时就和机构所返回的“费别”存在不一致的问题，所以需要在结算确认这步再次给机构回写对应患者实际使用的“费别”' },  // line 3200
  { name: 'pay_chnl_trace_no', zh: '支付渠道订单号', type: 'String', maxLength: 40, required: true, note: '支付渠道所返回的支付渠道订单号' },  // line 3207
  { name: 'mch_trace_no', zh: '商户订单号', type: 'String', maxLength: 40, required: true, note: '请求支付渠道时候所使用的商户订单号' },  // line 3214
  { name: 'fee_type', zh: '费用类型', type: 'String', maxLength: 10, required: false, enum: FEE_TYPE, note: '00 预约挂号 01 挂号支付 02 住院支付 03 体检支付 04 家庭医生签约 05 互联网医院 06 长处方结算 07 药店互联网购药 08 门诊自助终端结算 09 药店线下购药 10 住院自助终端结算 具体见医保移动支付中心字典' },  // line 3221
  // 以下为医保结算结果字段（如“患者费别”为自费则传空） (line 3239)
  { name: 'setl_id', zh: '结算ID', type: 'String', maxLength: 40, required: false, note: '' },  // line 3241
  { name: 'mdtrt_id', zh: '就诊ID', type: 'String', maxLength: 40, required: false, note: '' },  // line 3248
  { name: 'psn_name', zh: '人员姓名', type: 'String', maxLength: 100, required: false, note: '', sensitive: 'name' },  // line 3255
  { name: 'psn_no', zh: '医保人员编号', type: 'String', maxLength: 40, required: false, note: '', sensitive: 'id' },  // line 3262
  { name: 'psn_cert_type', zh: '人员证件类型', type: 'String', maxLength: 10, required: false, note: '见医保基线版字典' },  // line 3269
  { name: 'cert_no', zh: '证件号码', type: 'String', maxLength: 40, required: false, note: '', sensitive: 'id' },  // line 3276
  { name: 'gend', zh: '性别', type: 'String', maxLength: 10, required: false, note: '' },  // line 3283
  { name: 'naty', zh: '民族', type: 'String', maxLength: 10, required: false, note: '' },  // line 3290
  { name: 'brdy', zh: '出生日期', type: 'String', maxLength: 20, required: false, note: '' },  // line 3297
  { name: 'age', zh: '年龄', type: 'String', maxLength: 10, required: false, note: '' },  // line 3304
  { name: 'insutype', zh: '险种类型', type: 'String', maxLength: 10, required: false, note: '见医保基线版字典' },  // line 3311
  { name: 'psn_type', zh: '人员类别', type: 'String', maxLength: 10, required: false, note: '' },  // line 3318
  { name: 'cvlserv_flag', zh: '公务员标志', type: 'String', maxLength: 4, required: false, note: '见医保基线版字典' },  // line 3325
  { name: 'acct_pay', zh: '个人账户支出', type: 'String', maxLength: 18, required: false, note: '' },  // line 3332
  { name: 'psn_cash_pay', zh: '个人现金支出', type: 'String', maxLength: 18, required: false, note: '' },  // line 3339
  { name: 'psn_part_amt', zh: '个人负担总金额', type: 'String', maxLength: 18, required: false, note: '' },  // line 3346
  { name: 'hosp_part_amt', zh: '医院负担金额', type: 'String', maxLength: 18, required: false, note: '' },  // line 3353
  { name: 'fund_pay_sumamt', zh: '基金支付总额', type: 'String', maxLength: 18, required: false, note: '' },  // line 3360
  { name: 'cvlserv_pay', zh: '公务员医疗补助资金支出', type: 'String', maxLength: 18, required: false, note: '' },  // line 3367
  { name: 'hifmi_pay', zh: '居民大病保险资金支出', type: 'String', maxLength: 18, required: false, note: '' },  // line 3374
  { name: 'hifob_pay', zh: '职工大额医疗费用补助基金支出', type: 'String', maxLength: 18, required: false, note: '' },  // line 3381
  { name: 'medfee_sumamt', zh: '医疗费总额', type: 'String', maxLength: 18, required: false, note: '' },  // line 3388
  { name: 'fulamt_ownpay_amt', zh: '全自费金额', type: 'String', maxLength: 18, required: false, note: '' },  // line 3395
  { name: 'overlmt_selfpay', zh: '超限价自费费用', type: 'String', maxLength: 18, required: false, note: '' },  // line 3402
  { name: 'preselfpay_amt', zh: '先行自付金额', type: 'String', maxLength: 18, required: false, note: '' },  // line 3409
  { name: 'inscp_scp_amt', zh: '符合政策范围金额', type: 'String', maxLength: 18, required: false, note: '' },  // line 3416
  { name: 'act_pay_dedc', zh: '实际支付起付线', type: 'String', maxLength: 18, required: false, note: '' },  // line 3423
  { name: 'setl_time', zh: '结算时间 （yyyy-MM-dd HH:mm:ss）', type: 'String', maxLength: 20, required: false, note: '', format: 'datetime' },  // line 3430
  { name: 'acct_mulaid_pay', zh: '个人账户共济支付金额', type: 'String', maxLength: 18, required: false, note: '' },  // line 3438
  { name: 'med_type', zh: '医疗类别', type: 'String', maxLength: 10, required: false, note: '见医保基线版字典' },  // line 3445
  { name: 'hifp_pay', zh: '基本医疗保险统筹基金支出', type: 'String', maxLength: 18, required: false, note: '' },  // line 3452
  { name: 'pool_prop_selfpay', zh: '基本医疗保险统筹基金支付比例', type: 'String', maxLength: 18, required: false, note: '' },  // line 3459
  { name: 'maf_pay', zh: '医疗救助基金支出', type: 'String', maxLength: 18, required: false, note: '' },  // line 3466
  { name: 'oth_pay', zh: '其他支出', type: 'String', maxLength: 18, required: false, note: '' },  // line 3473
  { name: 'hifes_pay', zh: '企业补充', type: 'String', maxLength: 18, required: false, note: '' },  // line 3480
  { name: 'medins_setl_id', zh: '医药机构结算ID', type: 'String', maxLength: 40, required: false, note: '' },  // line 3487
  { name: 'clr_optins', zh: '清算经办机构', type: 'String', maxLength: 100, required: false, note: '' },  // line 3494
  { name: 'clr_way', zh: '清算方式', type: 'String', maxLength: 10, required: false, note: '见医保基线版字典' },  // line 3501
  { name: 'clr_type', zh: '清算类别', type: 'String', maxLength: 10, required: false, note: '见医保基线版字典' },  // line 3508
  { name: 'insuplc_admdvs', zh: '参保地行政区划', type: 'String', maxLength: 10, required: false, note: '' },  // line 3515
  { name: 'balc', zh: '医保个账余额', type: 'String', maxLength: 18, required: false, note: '' },  // line 3522
  { name: 'hifdm_pay', zh: '伤残人员医疗保障基金支出', type: 'String', maxLength: 18, required: false, note: '' },  // line 3529
  { name: 'exp_content', zh: '医保字段扩展', type: 'String', maxLength: null, required: false, note: '当地医保核心系统所返回的结算的扩展参数', sensitive: 'id' },  // line 3536
  { name: 'setldetail', zh: '结算基金分项明细', type: 'List<JSONObject>', maxLength: null, required: false, note: '',
    items: [
      { name: 'fund_pay_type', zh: '基金支付类型', type: 'String', maxLength: 18, required: false, note: '见医保基线版字典' },  // line 3552
      { name: 'inscp_scp_amt', zh: '符合政策范围金额', type: 'String', maxLength: 18, required: false, note: '' },  // line 3559
      { name: 'crt_payb_lmt_amt', zh: '本次可支付限额金额', type: 'String', maxLength: 18, required: false, note: '' },  // line 3566
      { name: 'fund_payamt', zh: '基金支付金额', type: 'String', maxLength: 18, required: false, note: '' },  // line 3573
      { name: 'fund_pay_type_name', zh: '基金支付类型名称', type: 'String', maxLength: 100, required: false, note: '' },  // line 3580
      { name: 'setl_proc_info', zh: '结算过程信息', type: 'String', maxLength: 500, required: false, note: '' },  // line 3587
    ] },  // line 3543
] as const satisfies readonly FieldSpec[];

export const RECHARGE_SETTLE_RESPONSE = [
  RET_CODE_FIELD,
  RET_MSG_FIELD,
  { name: 'result', zh: '交易结果状态码', type: 'String', maxLength: 100, required: true, enum: SETTLE_RESULT, note: '参考交易状态字典 该结果十分重要,请准确参考字典返回对应的状态码' },  // line 3619
  { name: 'call_sn', zh: '机构收费流水号', type: 'String', maxLength: 40, required: true, note: '' },  // line 3627
  { name: 'balance', zh: '余额（元）', type: 'String', maxLength: 40, required: false, note: '', format: 'amount' },  // line 3634
  { name: 'invoice_qr_code', zh: '“电子开票二维码”', type: 'String', maxLength: 40, required: false, note: '' },  // line 3641
  { name: 'druginfo', zh: '取药提示', type: 'List<JSONObject>', maxLength: null, required: false, note: '',
    items: [
      { name: 'drug_no', zh: '取药流水号', type: 'String', maxLength: 40, required: false, note: '' },  // line 3714
      { name: 'code_type', zh: '“码值类型”', type: 'String', maxLength: 10, required: false, enum: CODE_TYPE, note: '见字典' },  // line 3721
      { name: 'code_value', zh: '取药码值', type: 'String', maxLength: 40, required: false, note: '' },  // line 3728
      { name: 'drug_addr', zh: '取药地点', type: 'String', maxLength: 200, required: false, note: '' },  // line 3735
      { name: 'drug_window', zh: '取药窗口', type: 'String', maxLength: 200, required: false, note: '' },  // line 3742
      { name: 'drug_seq_no', zh: '取药排序号', type: 'String', maxLength: 18, required: false, note: '' },  // line 3749
      { name: 'wait_num', zh: '等待人数', type: 'String', maxLength: 18, required: false, note: '' },  // line 3756
    ] },  // line 3648
  { name: 'common_tip_list', zh: '通用提醒', type: 'List<JSONObject>', maxLength: null, required: false, note: '通用提示信息列表（例如检查检验，开票信息等就可以放这里面）',
    items: [
      { name: 'tip_title', zh: '通用提醒', type: 'String', maxLength: 100, required: false, note: '示例：检查检验提醒' },  // line 3664
      { name: 'tip_items', zh: '提示项列表', type: 'List<JSONObject>', maxLength: null, required: false, note: '详见下述tips_items说明',
        items: [
          { name: 'tip_key', zh: '提示键', type: 'String', maxLength: 100, required: false, note: '示例：注意事项' },  // line 3680
          { name: 'tip_value', zh: '提示值', type: 'String', maxLength: 100, required: false, note: '示例：空腹' },  // line 3687
          { name: 'code_type', zh: '“码值类型”', type: 'String', maxLength: 10, required: false, enum: CODE_TYPE, note: '见字典' },  // line 3694
          { name: 'code_value', zh: '取药码值', type: 'String', maxLength: 40, required: false, note: '' },  // line 3701
        ] },  // line 3671
    ] },  // line 3655
] as const satisfies readonly FieldSpec[];

// "以下为医保结算结果字段（如“患者费别”为自费则传空）" (line 3239): the settlement of a 医保
// payment carries its 结算ID, 就诊ID and 人员编号; a 自费 one carries none. The spec implies
// these rather than marking them 必填, so they are warnings in warn mode (org-leniency.ts).
export const RECHARGE_SETTLE_RULES = [
  { id: 'rechargeSettle.setlIdForInsured', direction: 'request',
    when: { field: 'used_patient_type', equals: '01' }, then: { field: 'setl_id', required: true },
    note: 'setl_id：以下为医保结算结果字段（如“患者费别”为自费则传空）（第3239行）' },
  { id: 'rechargeSettle.mdtrtIdForInsured', direction: 'request',
    when: { field: 'used_patient_type', equals: '01' }, then: { field: 'mdtrt_id', required: true },
    note: 'mdtrt_id：以下为医保结算结果字段（如“患者费别”为自费则传空）（第3239行）' },
  { id: 'rechargeSettle.psnNoForInsured', direction: 'request',
    when: { field: 'used_patient_type', equals: '01' }, then: { field: 'psn_no', required: true },
    note: 'psn_no：以下为医保结算结果字段（如“患者费别”为自费则传空）（第3239行）' },
  { id: 'rechargeSettle.noSetlIdForSelfPay', direction: 'request',
    when: { field: 'used_patient_type', equals: '00' }, then: { field: 'setl_id', forbidden: true },
    note: 'setl_id：如“患者费别”为自费则传空（第3239行）' },
] as const satisfies readonly ConditionalRule[];

export const ORG_003: OrgInterfaceSpec = {
  id: 'ORG_003',
  method: 'rechargeSettle',
  name: '机构结算确认',
  suffix: '/rechargeSettle',
  path: '/rechargeSettle',
  description: '用户在平台的收银台上完成结算后，平台会将结算的“结果明细”回写给机构，机构进行内部的充值结算流程',
  optional: false,
  specLines: '3053-3892',
  failureResponse: ORG_FAILURE_RESPONSE,
  request: RECHARGE_SETTLE_REQUEST,
  response: RECHARGE_SETTLE_RESPONSE,
  rules: RECHARGE_SETTLE_RULES,
};
