// ORG_008 医保对账获取 `/orgHsTradeFile` — spec lines 4983-5348. Rows in the spec's order; the trailing
// comment of each row is its line in the spec text.
import { DEPOSIT_TYPE, MDTRT_CERT_TYPE, SETTLE_CHANNEL } from './org-dictionaries.js';
import { OPERATOR_ID, OPERATOR_NAME, ORG_CODE, ORG_FAILURE_RESPONSE, RET_CODE_FIELD, RET_MSG_FIELD, SUB_ORG_CODE, TERM_NO } from './org-common.js';
import type { ConditionalRule, FieldSpec, OrgInterfaceSpec } from './types.js';

export const ORG_HS_TRADE_FILE_REQUEST = [
  OPERATOR_ID,
  OPERATOR_NAME,
  TERM_NO,
  ORG_CODE,
  SUB_ORG_CODE,
  { name: 'stmt_begndate', zh: '对账开始日期', type: 'String', maxLength: 10, required: true, note: 'YYYY-MM-DD', format: 'date' },  // line 5043
  { name: 'stmt_enddate', zh: '对账结束日期', type: 'String', maxLength: 10, required: true, note: 'YYYY-MM-DD', format: 'date' },  // line 5050
  { name: 'page_no', zh: '分页参数-页码', type: 'Integer', maxLength: 6, required: false, note: '针对医院数据量大的情况需要进行分页时使用' },  // line 5057
  { name: 'page_size', zh: '“页大小”', type: 'Integer', maxLength: 6, required: false, note: '针对医院数据量大的情况需要进行分页时使用' },  // line 5064
  { name: 'clr_type', zh: '清算类别', type: 'String', maxLength: 6, required: false, note: '' },  // line 5071
] as const satisfies readonly FieldSpec[];

// The spec's response table has no ret_code/ret_msg (lines 5079-5348), unlike every other ORG
// response, while the portal judges ret_code first (line 1447). Added as optional rows so that
// a failure answer has its code and a success answer may carry "00" (leniency.ts, docs/hospital.md).
export const ORG_HS_TRADE_FILE_RESPONSE = [
  { ...RET_CODE_FIELD, required: false, note: '规范的响应表没有此行；与其他ORG接口一致：定点机构返回码字典(ret_code)' },
  { ...RET_MSG_FIELD, required: false, note: '规范的响应表没有此行；与其他ORG接口一致：成功或错误信息' },
  { name: 'current', zh: '分页参数-当前页', type: 'Integer', maxLength: 6, required: false, note: '针对医院数据量大的情况需要进行分页时使用' },  // line 5087
  { name: 'pages', zh: '分页参数-总页数', type: 'Integer', maxLength: 6, required: false, note: '针对医院数据量大的情况需要进行分页时使用' },  // line 5094
  { name: 'medfee_sumamt', zh: '医疗费总额', type: 'String', maxLength: 20, required: true, note: '' },  // line 5101
  { name: 'fund_pay_sumamt', zh: '基金支付总额', type: 'String', maxLength: 20, required: true, note: '' },  // line 5108
  { name: 'acct_pay', zh: '个人账户支付总额', type: 'String', maxLength: 20, required: true, note: '' },  // line 5115
  { name: 'cash_pay_sumamt', zh: '个人现金支出总额', type: 'String', maxLength: 20, required: true, note: '' },  // line 5122
  { name: 'fixmedins_setl_cnt', zh: '定点医药机构结算笔数', type: 'String', maxLength: 20, required: true, note: '' },  // line 5129
  { name: 'insutype', zh: '险种', type: 'String', maxLength: 6, required: true, note: '' },  // line 5136
  { name: 'settle_channel', zh: '收费渠道', type: 'String', maxLength: 6, required: true, enum: SETTLE_CHANNEL, note: '区分收费渠道， 01:窗口， 02：自助机， 03：医生工作站， 04：护士工作站等 05: 移动医保支付' },  // line 5143
  // The spec writes 参数类型 String and 最大长度 List<JSONObject> (line 5155); it is a list.
  { name: 'billdetail', zh: '账单明细', type: 'List<JSONObject>', maxLength: null, required: true, note: '',
    items: [
      { name: 'setl_optins', zh: '结算经办机构', type: 'String', maxLength: 6, required: true, note: '' },  // line 5164
      { name: 'setl_id', zh: '结算ID', type: 'String', maxLength: 30, required: true, note: '' },  // line 5171
      { name: 'mdtrt_id', zh: '就诊ID', type: 'String', maxLength: 30, required: true, note: '' },  // line 5178
      { name: 'psn_no', zh: '人员编号', type: 'String', maxLength: 30, required: true, note: '', sensitive: 'id' },  // line 5185
      { name: 'mdtrt_cert_type', zh: '就诊凭证类型', type: 'String', maxLength: 3, required: true, enum: MDTRT_CERT_TYPE, note: '' },  // line 5192
      { name: 'mdtrt_cert_no', zh: '就诊凭证编号', type: 'String', maxLength: 50, required: true, note: '', sensitive: 'id' },  // line 5199
      { name: 'medfee_sumamt', zh: '医疗费总额', type: 'String', maxLength: 20, required: true, note: '' },  // line 5206
      { name: 'psn_cash_pay', zh: '个人现金支出', type: 'String', maxLength: 20, required: true, note: '' },  // line 5213
      { name: 'fund_pay_sumamt', zh: '基金支付总额', type: 'String', maxLength: 20, required: true, note: '' },  // line 5220
      { name: 'cvlserv_pay', zh: '公务员医疗补助资金支出', type: 'String', maxLength: 20, required: true, note: '' },  // line 5227
      { name: 'hifmi_pay', zh: '居民大病保险资金支出', type: 'String', maxLength: 20, required: true, note: '' },  // line 5234
      { name: 'hifob_pay', zh: '职工大额医疗费用补助基金支出', type: 'String', maxLength: 20, required: true, note: '' },  // line 5241
      { name: 'acct_pay', zh: '个人账户支付金额', type: 'String', maxLength: 20, required: true, note: '' },  // line 5248
      { name: 'acct_mulaid_pay', zh: '个人账户共济支付金额', type: 'String', maxLength: 20, required: true, note: '' },  // line 5255
      { name: 'med_type', zh: '医疗类别', type: 'String', maxLength: 6, required: true, note: '' },  // line 5262
      { name: 'hifp_pay', zh: '基本医疗保险统筹基金支出', type: 'String', maxLength: 20, required: true, note: '' },  // line 5269
      { name: 'mafPay', zh: '医疗救助基金支出', type: 'String', maxLength: 20, required: true, note: '' },  // line 5276
      { name: 'oth_pay', zh: '其他支出', type: 'String', maxLength: 20, required: true, note: '' },  // line 5283
      { name: 'hifes_pay', zh: '企业补充', type: 'String', maxLength: 20, required: true, note: '' },  // line 5290
      { name: 'msgid', zh: '原消息发送id', type: 'String', maxLength: 20, required: true, note: '' },  // line 5297
      { name: 'refd_setl_flag', zh: '退费结算标志', type: 'String', maxLength: 13, required: true, note: '' },  // line 5304
      { name: 'settle_channel', zh: '收费渠道', type: 'String', maxLength: 6, required: true, enum: SETTLE_CHANNEL, note: '区分收费渠道， 01:窗口， 02：自助机， 03：医生工作站， 04：护士工作站等 05: 移动医保支付' },  // line 5311
      { name: 'doc_trace_no', zh: '院内单据流水号', type: 'String', maxLength: 40, required: true, note: '' },  // line 5323
      { name: 'balance_pay', zh: '院内预交金支付', type: 'String', maxLength: 20, required: true, note: '' },  // line 5330
      { name: 'deposit_type', zh: '“充值方式” (金融支付渠道支付方式)', type: 'String', maxLength: 10, required: true, enum: DEPOSIT_TYPE, note: 'ALI：支付宝 WX：微信 BANK：银行卡 UP：云闪付' },  // line 5337
    ] },  // line 5155
] as const satisfies readonly FieldSpec[];

export const ORG_HS_TRADE_FILE_RULES = [] as const satisfies readonly ConditionalRule[];

export const ORG_008: OrgInterfaceSpec = {
  id: 'ORG_008',
  method: 'orgHsTradeFile',
  name: '医保对账获取',
  suffix: '/orgHsTradeFile',
  path: '/orgHsTradeFile',
  description: '可选，平台进行医保对账时候会提取机构对账文件，通过此对账文件获取与医保系统和自身系统进行对账',
  optional: true,
  specLines: '4983-5348',
  failureResponse: ORG_FAILURE_RESPONSE,
  request: ORG_HS_TRADE_FILE_REQUEST,
  response: ORG_HS_TRADE_FILE_RESPONSE,
  rules: ORG_HS_TRADE_FILE_RULES,
};
