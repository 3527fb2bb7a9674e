# language: ja
@ja @clause:QDL-COH-1
機能: 量子ビットのエネルギー緩和時間 T1
  QDeviceLab コヒーレンス・プロファイルの条項 QDL-COH-1 は、各量子ビットが励起を十分に長く
  保つことを求める。反転回復法で測った T1 が、95 % の信頼度で条項の下限以上であること。
  キーワードは日本語、ステップの本文は英語のステップ語彙(docs/steps.md)のまま。

  背景:
    前提 the mixing chamber is colder than 20 mK

  シナリオ: 量子ビット q0 の T1(反転回復法)
    もし T1 of qubit q0 is measured by inversion recovery with 31 delays from 0 µs to 240 µs and 400 shots each
    ならば T1 is assessed against clause QDL-COH-1
