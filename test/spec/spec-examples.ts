// Data copied from the spec text (区域医保支付门户接口规范, see docs/spec-notes.md; the numbers are
// its line numbers), so that tests check the tables against the spec itself rather than against
// themselves.

/** [参数代码, 最大长度 (null for "--"), 必填, spec line] */
export type Row = readonly [name: string, maxLength: number | null, required: 'Y' | 'N', line: number];

// Each row: name, 最大长度, 必填 and the spec line of each row, read off the spec text (lines 424-1089).
export const SPEC_ROWS: Record<string, { request: Row[]; response: Row[] }> = {
  '/pushMsg': {
    request: [
      ['hisCustType', 10, 'Y', 448],
      ['hisCustId', 40, 'Y', 455],
      ['phone', 20, 'Y', 462],
      ['appType', 10, 'Y', 469],
      ['medOrgOrd', 40, 'Y', 480],
      ['subOrgCode', 40, 'N', 487],
      ['refundReason', 100, 'N', 496],
      ['payOrdId', 40, 'N', 503],
      ['orderStatus', 40, 'Y', 510],
      ['orgCode', 40, 'Y', 521],
      ['patientName', 100, 'Y', 528],
      ['idType', 10, 'Y', 535],
      ['idNo', 30, 'Y', 542],
      ['takeMedicineLoc', 200, 'N', 549],
      ['pushType', 10, 'Y', 556],
      ['scheduledTime', 20, 'N', 566],
      ['redirectUrl', 500, 'N', 574],
      ['amount', 20, 'N', 581],
      ['deptName', 200, 'N', 588],
      ['deptCode', 40, 'N', 595],
      ['deptLoc', 200, 'N', 602],
      ['drName', 100, 'N', 609],
      ['drLvName', 100, 'N', 616],
      ['drNo', 40, 'N', 623],
      ['waitingNum', 40, 'N', 630],
      ['checkItem', 20, 'N', 637],
      ['createTime', 20, 'N', 644],
      ['updateTime', 20, 'N', 653],
      ['extData', null, 'N', 662],
    ],
    response: [
      ['response', 40, 'Y', 678],
    ],
  },
  '/refund': {
    request: [
      ['ampTraceId', 40, 'Y', 711],
      ['traceId', 40, 'Y', 718],
      ['orgTraceNo', 100, 'Y', 725],
      ['orgCode', 40, 'Y', 732],
      ['subOrgCode', 40, 'N', 739],
      ['refundReason', 100, 'Y', 748],
      ['refundAmount', 18, 'N', 755],
      ['refundType', 10, 'N', 762],
      ['outRefundNo', 40, 'Y', 772],
      ['orgRefundSn', 40, 'Y', 779],
    ],
    response: [
      ['refundTraceId', 40, 'Y', 795],
      ['ampRefundId', 40, 'Y', 802],
      ['payChnlRefundSn', 40, 'N', 809],
      ['traceId', 40, 'Y', 816],
      ['payChnlOrdSn', 40, 'N', 823],
      ['payOrdId', 40, 'N', 830],
      ['tradeStatus', 10, 'N', 837],
      ['tradeStatusDesc', 500, 'N', 849],
    ],
  },
  '/queryRefundResult': {
    request: [
      ['ampRefundId', 40, 'N', 880],
      ['refundTraceId', 40, 'N', 887],
      ['orgCode', 40, 'Y', 894],
      ['subOrgCode', 40, 'N', 901],
      ['outRefundNo', 40, 'Y', 910],
    ],
    response: [
      ['refundTraceId', 40, 'Y', 926],
      ['ampRefundId', 40, 'Y', 933],
      ['payChnlRefundSn', 40, 'N', 940],
      ['traceId', 40, 'Y', 947],
      ['payChnlOrdSn', 40, 'N', 954],
      ['payOrdId', 40, 'N', 961],
      ['tradeStatus', 10, 'Y', 968],
      ['tradeStatusDesc', 500, 'N', 980],
    ],
  },
  '/getTradeFile': {
    request: [
      ['orgCode', 40, 'Y', 1011],
      ['subOrgCode', 40, 'N', 1018],
      ['orgSecret', 40, 'Y', 1027],
      ['billDate', 10, 'Y', 1034],
      ['billType', 40, 'Y', 1042],
    ],
    response: [
      ['digest', 40, 'Y', 1061],
      ['downloadUrl', 500, 'N', 1069],
      ['digestType', 40, 'Y', 1076],
      ['billType', 10, 'N', 1083],
    ],
  },
};

/**
 * The Java example's params (spec lines 90-147), key for key. medOrgOrd is a random UUID
 * without dashes in the example (line 98); a fixed one of the same shape stands in for it.
 */
export function javaExampleParams(): Record<string, unknown> {
  return {
    cardType: '01',
    cardNo: 'D3508701966',
    appType: '01',
    medOrgOrd: '3f2c9a7e5b1d4c8e9a0b1c2d3e4f5a6b',
    refundReason: '退款原因，退款成功的推送才需要赋值这个~',
    payOrdId: 'ORD324976159723947394273416',
    orderStatus: 'MERCHANT_PAID',
    orgCode: 'H35010200227',
    subOrgCode: '01',
    patientName: '周大鹏',
    idType: '01',
    idNo: ' 35020519870819015X',
    takeMedicineLoc: '请至东药房104取您的药品！',
    pushType: 'HOSPITAL_PAYMENT',
    scheduledTime: '2022-03-31 07:34:46',
    deptName: '其他内科',
    deptCode: '013423',
    deptLoc: '门诊大厅二楼',
    drName: '周阿鹏',
    drLvName: '主任医生',
    drNo: '342847878193247879999',
    waitingNum: '01',
    checkItem: '核磁共振CRT01',
    createTime: '2022-03-30 13:15:46',
    updateTime: '2022-03-31 07:15:46',
  };
}

/** The DLL example's complete sReq (spec lines 289-326), verbatim. */
export const DLL_EXAMPLE_REQUEST = `{
  "data": {
    "serverAddr": "http://10.103.161.166:8080/api/amp/hos/pushMsg",
    "appId": "zxm3QCh5RA5SrXm2C3b5JDcGAHMtepFN",
    "appKey": "St72fYdfk6ph4YiFpMwa4yw8TYr8wCmM",
    "encryptType": "SM4",
    "signType": "SM3",
    "timestamp": "2022-05-10 16:56:24",
    "version": "1.0.0",
    "hisCustType": "",
    "hisCustId": "532494",
    "appType": "01",
    "medOrgOrd": "ZL050509083457355366",
    "subOrgCode": "5",
    "refundReason": "",
    "payOrdId": "",
    "orderStatus": "MERCHANT_WAIT_PAY",
    "orgCode": "H46040100001",
    "patientName": "周大鹏",
    "idType": "02",
    "idNo": "460029196507081627",
    "takeMedicineLoc": "",
    "pushType": "HOSPITAL_PAYMENT",
    "scheduledTime": "",
    "deptName": "总院牙体牙髓科",
    "deptCode": "BM00100",
    "deptLoc": "",
    "drName": "周小鹏",
    "drLvName": "",
    "drNo": "D460106007245",
    "waitingNum": "",
    "checkItem": "",
    "createTime": "2022-05-09 08:32:51",
    "updateTime": "",
    "extData": null
  },
  "orgId": "H46010000000"
}`;

/** The seven DLL settings that the DLL takes out of "data" (spec line 288). */
export const DLL_SETTINGS = ['serverAddr', 'appId', 'appKey', 'encryptType', 'signType', 'timestamp', 'version'] as const;

/** The DLL example's business fields: its "data" minus the seven settings. */
export function dllExampleBusinessFields(): Record<string, unknown> {
  const data = (JSON.parse(DLL_EXAMPLE_REQUEST) as { data: Record<string, unknown> }).data;
  for (const key of DLL_SETTINGS) delete data[key];
  return data;
}
