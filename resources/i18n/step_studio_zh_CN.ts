<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name />
    <message>
        <location filename="../../studio/ui/main_window.py" line="109" />
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="123" />
        <source>Speak</source>
        <translation>朗读</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="124" />
        <source>Clone</source>
        <translation>克隆</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="124" />
        <source>Clone is not built yet: recording or importing a voice, checking it and saving it to the library is planned.</source>
        <translation>“克隆”尚未实现：计划支持录制或导入声音、检查并保存到声音库。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="126" />
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="126" />
        <source>Edit is not built yet: trimming, fades and model edits of a selected span are planned.</source>
        <translation>“编辑”尚未实现：计划支持对选定片段裁剪、淡入淡出和模型编辑。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="128" />
        <source>Chat</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="128" />
        <source>Chat is not built yet: live voice chat with turn-taking and barge-in is planned.</source>
        <translation>“对话”尚未实现：计划支持带轮次检测和打断的实时语音对话。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="145" />
        <source>Write text and hear it spoken</source>
        <translation>输入文字并听到朗读</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="155" />
        <location filename="../../studio/ui/main_window.py" line="158" />
        <location filename="../../widgets/take_details.py" line="60" />
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="159" />
        <source>Finding engines…</source>
        <translation>正在查找引擎…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="166" />
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="170" />
        <source>Audio output device</source>
        <translation>音频输出设备</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="171" />
        <source>Looking for audio devices…</source>
        <translation>正在查找音频设备…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="176" />
        <source>Starting…</source>
        <translation>正在启动…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="187" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="188" />
        <source>&amp;Export Take…</source>
        <translation>导出音频(&amp;E)…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="192" />
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="196" />
        <source>&amp;Take</source>
        <translation>音频(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="200" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="201" />
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="204" />
        <location filename="../../studio/ui/main_window.py" line="215" />
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="204" />
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="204" />
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="212" />
        <location filename="../../studio/ui/main_window.py" line="478" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="223" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="224" />
        <location filename="../../studio/ui/main_window.py" line="503" />
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="226" />
        <source>&amp;About Step Audio Studio</source>
        <translation>关于 Step Audio Studio(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="228" />
        <source>About &amp;Qt</source>
        <translation>关于 &amp;Qt</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="265" />
        <source>No engines</source>
        <translation>没有引擎</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="266" />
        <source>Engines could not be found: {0}</source>
        <translation>找不到引擎：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="301" />
        <source>{0} (unavailable)</source>
        <translation>{0}（不可用）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="312" />
        <source>{0}: click to use this engine</source>
        <translation>{0}：点击使用此引擎</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="317" />
        <source>no engine is installed</source>
        <translation>未安装任何引擎</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="318" />
        <source>No engine can run here</source>
        <translation>没有可在此运行的引擎</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="319" />
        <source>No engine can run here ({0}).</source>
        <translation>没有可在此运行的引擎（{0}）。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="335" />
        <source>Loading {0}…</source>
        <translation>正在加载 {0}…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="348" />
        <source>Stop the current take before switching engines.</source>
        <translation>请先停止当前生成，再切换引擎。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="362" />
        <source>{0} failed to load</source>
        <translation>{0} 加载失败</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="365" />
        <source>{0} could not be loaded: {1}</source>
        <translation>无法加载 {0}：{1}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="375" />
        <source>{0} ready · loaded in {1:.1f} s · {2} voices</source>
        <translation>{0} 已就绪 · 加载用时 {1:.1f} 秒 · {2} 个声音</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="381" />
        <source>{0}: voices unavailable ({1})</source>
        <translation>{0}：无法获取声音（{1}）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="390" />
        <source>No audio output device</source>
        <translation>没有音频输出设备</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="392" />
        <source>No audio output device was found.</source>
        <translation>未找到音频输出设备。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="394" />
        <source>No audio output device — generating and exporting still work.</source>
        <translation>没有音频输出设备——仍可生成和导出。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="398" />
        <source>System default</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="453" />
        <source>Settings not saved: {0}</source>
        <translation>设置未保存：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="458" />
        <source>Draft not saved: {0}</source>
        <translation>草稿未保存：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="479" />
        <source>The new language is used the next time Step Audio Studio starts.</source>
        <translation>新语言将在下次启动 Step Audio Studio 时生效。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="486" />
        <source>not loaded yet</source>
        <translation>尚未加载</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="487" />
        <source>About Step Audio Studio</source>
        <translation>关于 Step Audio Studio</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="488" />
        <source>&lt;h3&gt;Step Audio Studio {0}&lt;/h3&gt;&lt;p&gt;A desktop voice studio for the Step-Audio family of speech models, with an offline CPU engine that works on any laptop.&lt;/p&gt;&lt;p&gt;Current engine: {1}&lt;br&gt;Data folder: {2}&lt;/p&gt;&lt;p&gt;Licence: GPL-3.0-or-later. Built with Qt (PySide6) and pyqtgraph.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Step Audio Studio {0}&lt;/h3&gt;&lt;p&gt;面向 Step-Audio 系列语音模型的桌面语音工作室，内置可在任何笔记本电脑上离线运行的 CPU 引擎。&lt;/p&gt;&lt;p&gt;当前引擎：{1}&lt;br&gt;数据文件夹：{2}&lt;/p&gt;&lt;p&gt;许可证：GPL-3.0-or-later。基于 Qt (PySide6) 和 pyqtgraph 构建。&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="497" />
        <location filename="../../studio/ui/speak_page.py" line="221" />
        <location filename="../../studio/ui/speak_page.py" line="306" />
        <location filename="../../studio/ui/speak_page.py" line="1081" />
        <location filename="../../studio/ui/speak_page.py" line="1084" />
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="497" />
        <source>Stop generating or playing</source>
        <translation>停止生成或播放</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="498" />
        <source>Play / pause</source>
        <translation>播放 / 暂停</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="498" />
        <source>Play / pause (outside text fields)</source>
        <translation>播放 / 暂停（焦点不在文本框时）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="499" />
        <source>Rename the selected take</source>
        <translation>重命名所选音频</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="499" />
        <source>Delete the selected take</source>
        <translation>删除所选音频</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="500" />
        <source>Favourite the selected take</source>
        <translation>收藏所选音频</translation>
    </message>
    <message>
        <location filename="../../studio/ui/main_window.py" line="500" />
        <source>Export the selected take</source>
        <translation>导出所选音频</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="143" />
        <location filename="../../studio/ui/speak_page.py" line="1080" />
        <source>Loading engine…</source>
        <translation>正在加载引擎…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="181" />
        <source>Type what to say. Add tags from the menus above, e.g. (高兴1)Good morning! [Laughter] Long texts are spoken sentence by sentence, and you hear the first sentence right away.</source>
        <translation>输入要朗读的文字。可从上方菜单添加标签，例如 (高兴1)早上好！[Laughter] 长文本按句生成，第一句马上就能听到。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="183" />
        <source>Text to speak</source>
        <translation>要朗读的文字</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="204" />
        <location filename="../../studio/ui/speak_page.py" line="208" />
        <location filename="../../widgets/take_details.py" line="61" />
        <source>Voice</source>
        <translation>声音</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="213" />
        <location filename="../../widgets/tag_picker.py" line="66" />
        <source>Speed</source>
        <translation>语速</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="215" />
        <source>Pitch</source>
        <translation>音高</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="223" />
        <location filename="../../studio/ui/speak_page.py" line="1083" />
        <source>Speak the text (Ctrl+Enter)</source>
        <translation>朗读文字（Ctrl+Enter）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="226" />
        <location filename="../../studio/ui/speak_page.py" line="308" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="227" />
        <source>Stop generating or playing (Esc)</source>
        <translation>停止生成或播放（Esc）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="229" />
        <location filename="../../studio/ui/speak_page.py" line="1097" />
        <location filename="../../widgets/take_list.py" line="340" />
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="230" />
        <location filename="../../studio/ui/speak_page.py" line="1094" />
        <source>Play or pause the take (Ctrl+Space, or Space outside the editor)</source>
        <translation>播放或暂停（Ctrl+空格；焦点不在编辑器时按空格）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="232" />
        <location filename="../../widgets/take_list.py" line="343" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="233" />
        <source>Export the selected take as WAV, FLAC, OGG or MP3</source>
        <translation>将所选音频导出为 WAV、FLAC、OGG 或 MP3</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="237" />
        <source>Also write a metadata sidecar (.json)</source>
        <translation>同时写入元数据文件（.json）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="279" />
        <location filename="../../widgets/take_list.py" line="332" />
        <source>Takes</source>
        <translation>历史音频</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="288" />
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="310" />
        <source>Play/Pause</source>
        <translation>播放/暂停</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="333" />
        <source>Available once the engine is loaded</source>
        <translation>引擎加载后可用</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="336" />
        <source>Reset to the default</source>
        <translation>恢复默认值</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="433" />
        <source>speed</source>
        <translation>语速</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="433" />
        <source>pitch</source>
        <translation>音高</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="434" />
        <source>{0} has no {1} control</source>
        <translation>{0} 不支持调节{1}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="435" />
        <source>n/a</source>
        <translation>不适用</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="459" />
        <location filename="../../studio/ui/speak_page.py" line="469" />
        <source>native</source>
        <translation>原生</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="459" />
        <location filename="../../studio/ui/speak_page.py" line="469" />
        <source>post-process</source>
        <translation>后期处理</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="502" />
        <source>{0} st</source>
        <translation>{0} 半音</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="543" />
        <source>{0} characters</source>
        <translation>{0} 个字符</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="545" />
        <source>{0} characters · {1} spoken</source>
        <translation>{0} 个字符 · 朗读 {1} 个</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="547" />
        <source>(limit {0})</source>
        <translation>（上限 {0}）</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="553" />
        <source>{0} tags</source>
        <translation>{0} 个标签</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="564" />
        <source>1 tag won't be honoured by {0}: {1}</source>
        <translation>{0} 无法执行 1 个标签：{1}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="566" />
        <source>{0} tags won't be honoured by {1}: {2}</source>
        <translation>{1} 无法执行 {0} 个标签：{2}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="568" />
        <source>{0} approximated</source>
        <translation>{0} 个近似实现</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="570" />
        <source>{0} tags, all honoured by {1}</source>
        <translation>{0} 个标签，{1} 全部支持</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="593" />
        <source>Type the text to speak first.</source>
        <translation>请先输入要朗读的文字。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="595" />
        <source>This text has {0} characters; one take holds up to {1} (about 20 minutes of speech). Split it into several takes. Your text stays in the editor.</source>
        <translation>文本共 {0} 个字符；单次生成最多 {1} 个字符（约 20 分钟语音）。请分成几次生成。你的文字仍保留在编辑器中。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="600" />
        <source>There are only tags here and nothing to say. Write some words after the tags.</source>
        <translation>这里只有标签，没有要朗读的文字。请在标签后写些内容。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="606" />
        <source>A take is already being generated. Stop it first (Esc).</source>
        <translation>正在生成音频。请先停止（Esc）。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="616" />
        <source>The engine is not ready yet: {0}</source>
        <translation>引擎尚未就绪：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="641" />
        <location filename="../../studio/ui/speak_page.py" line="644" />
        <source>Generating…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="653" />
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="667" />
        <source>Sentence {0} of {1}</source>
        <translation>第 {0} 句，共 {1} 句</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="681" />
        <source>The take failed. See the message above.</source>
        <translation>生成失败，请查看上方消息。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="682" />
        <source>The take failed: {0}</source>
        <translation>生成失败：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="684" />
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="689" />
        <source>Stopped. The unfinished take was discarded.</source>
        <translation>已停止。未完成的音频已丢弃。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="690" />
        <source>Stopped. The unfinished take was discarded; finished takes are kept in the history.</source>
        <translation>已停止。未完成的音频已丢弃；已完成的音频保留在历史中。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="692" />
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="699" />
        <source>first audio in {0:.2f} s</source>
        <translation>首段音频用时 {0:.2f} 秒</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="711" />
        <source>Generating… {0:.1f} s so far</source>
        <translation>正在生成… 已生成 {0:.1f} 秒</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="724" />
        <source>The engine finished without producing any audio.</source>
        <translation>引擎已结束，但没有生成任何音频。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="726" />
        <source>No audio</source>
        <translation>没有音频</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="733" />
        <source>Done: {0:.1f} s of audio in {1:.1f} s</source>
        <translation>完成：{1:.1f} 秒生成 {0:.1f} 秒音频</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="769" />
        <source>The take history could not be read: {0}</source>
        <translation>无法读取历史音频：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="779" />
        <source>Takes cannot be kept: {0} Generating and exporting still work.</source>
        <translation>无法保存音频：{0} 仍可生成和导出。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="806" />
        <source>Saved “{0}” to the history</source>
        <translation>已将“{0}”保存到历史</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="810" />
        <source>The take could not be saved: {0} It is still shown here; export it to keep it.</source>
        <translation>音频未能保存：{0} 它仍显示在这里，可导出以保留。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="839" />
        <source>The audio file of this take is missing.</source>
        <translation>此音频的文件已丢失。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="844" />
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="854" />
        <source>This take's audio cannot be read: {0}</source>
        <translation>无法读取此音频：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="870" />
        <source>Could not rename the take: {0}</source>
        <translation>无法重命名：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="878" />
        <source>Could not change the favourite: {0}</source>
        <translation>无法更改收藏：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="890" />
        <source>Delete take</source>
        <translation>删除音频</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="891" />
        <source>Delete “{0}”? Its audio is removed from the history; this cannot be undone.</source>
        <translation>删除“{0}”？其音频将从历史中移除，且无法撤销。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="909" />
        <source>Could not delete the take: {0}</source>
        <translation>无法删除：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="927" />
        <source>No sound output</source>
        <translation>无声音输出</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="928" />
        <location filename="../../studio/ui/speak_page.py" line="937" />
        <location filename="../../studio/ui/speak_page.py" line="1091" />
        <source>No audio output device.</source>
        <translation>没有音频输出设备。</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="1019" />
        <source>Export take</source>
        <translation>导出音频</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="1050" />
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="1053" />
        <source>Exported to {0}</source>
        <translation>已导出到 {0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="1054" />
        <source>Export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="1067" />
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="1069" />
        <source>{0} reported {1} things about this take:</source>
        <translation>{0} 对本次生成报告了 {1} 条提示：</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="1097" />
        <location filename="../../widgets/tag_picker.py" line="69" />
        <location filename="../../widgets/tag_picker.py" line="137" />
        <source>Pause</source>
        <translation>停顿</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="64" />
        <source>Emotion</source>
        <translation>情感</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="65" />
        <source>Language / Dialect</source>
        <translation>语言 / 方言</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="67" />
        <source>Music</source>
        <translation>音乐</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="68" />
        <source>Sounds</source>
        <translation>声音效果</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="80" />
        <source>Insert a {0} tag</source>
        <translation>插入{0}标签</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="109" />
        <source>Pause {0} s</source>
        <translation>停顿 {0} 秒</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="111" />
        <source>Pause of another length…</source>
        <translation>其他停顿时长…</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="137" />
        <source>Pause length in seconds:</source>
        <translation>停顿时长（秒）：</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="146" />
        <source>Choose an engine to see whether it honours this tag.</source>
        <translation>选择引擎后可查看它是否支持此标签。</translation>
    </message>
    <message>
        <location filename="../../widgets/take_details.py" line="55" />
        <source>Select a take to see how it was made.</source>
        <translation>选择一段音频，查看它是如何生成的。</translation>
    </message>
    <message>
        <location filename="../../widgets/take_details.py" line="61" />
        <location filename="../../widgets/take_list.py" line="254" />
        <source>default voice</source>
        <translation>默认声音</translation>
    </message>
    <message>
        <location filename="../../widgets/take_details.py" line="62" />
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <location filename="../../widgets/take_details.py" line="63" />
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location filename="../../widgets/take_details.py" line="67" />
        <source>Tags</source>
        <translation>标签</translation>
    </message>
    <message>
        <location filename="../../widgets/take_list.py" line="307" />
        <location filename="../../widgets/take_list.py" line="309" />
        <source>Search takes</source>
        <translation>搜索历史音频</translation>
    </message>
    <message>
        <location filename="../../widgets/take_list.py" line="315" />
        <location filename="../../widgets/take_list.py" line="316" />
        <source>Show favourites only</source>
        <translation>只显示收藏</translation>
    </message>
    <message>
        <location filename="../../widgets/take_list.py" line="338" />
        <source>No takes yet. Each take you generate is kept here.</source>
        <translation>还没有音频。每次生成的音频都会保存在这里。</translation>
    </message>
    <message>
        <location filename="../../widgets/take_list.py" line="341" />
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <location filename="../../widgets/take_list.py" line="342" />
        <source>Favourite</source>
        <translation>收藏</translation>
    </message>
    <message>
        <location filename="../../widgets/take_list.py" line="344" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../widgets/take_list.py" line="447" />
        <source>Remove from favourites</source>
        <translation>取消收藏</translation>
    </message>
    <message>
        <location filename="../../widgets/take_list.py" line="448" />
        <source>Add to favourites</source>
        <translation>加入收藏</translation>
    </message>
</context>
<context>
    <name>Languages</name>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="79" />
        <source>English</source>
        <translation>英语</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="79" />
        <source>Mandarin</source>
        <translation>普通话</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="80" />
        <source>Japanese</source>
        <translation>日语</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="80" />
        <source>Korean</source>
        <translation>韩语</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="81" />
        <source>Cantonese</source>
        <translation>粤语</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="82" />
        <source>Sichuanese</source>
        <translation>四川话</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="83" />
        <source>German</source>
        <translation>德语</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="83" />
        <source>French</source>
        <translation>法语</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="84" />
        <source>Spanish</source>
        <translation>西班牙语</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="84" />
        <source>Italian</source>
        <translation>意大利语</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="85" />
        <source>Portuguese</source>
        <translation>葡萄牙语</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="85" />
        <source>Russian</source>
        <translation>俄语</translation>
    </message>
    <message>
        <location filename="../../studio/ui/speak_page.py" line="86" />
        <source>Hindi</source>
        <translation>印地语</translation>
    </message>
</context>
<context>
    <name>Notices</name>
    <message>
        <location filename="../../widgets/notices.py" line="52" />
        <location filename="../../widgets/notices.py" line="53" />
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>TagEditor</name>
    <message>
        <location filename="../../widgets/tag_editor.py" line="62" />
        <source>emotion</source>
        <translation>情感</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="63" />
        <source>language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="64" />
        <source>speed</source>
        <translation>语速</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="65" />
        <source>music</source>
        <translation>音乐</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="66" />
        <source>sound</source>
        <translation>声音效果</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="67" />
        <source>pause</source>
        <translation>停顿</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="68" />
        <source>free-form instruction</source>
        <translation>自由指令</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="80" />
        <source>native</source>
        <translation>原生支持</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="81" />
        <source>approximated</source>
        <translation>近似实现</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_editor.py" line="82" />
        <source>not possible</source>
        <translation>无法实现</translation>
    </message>
</context>
<context>
    <name>TagNames</name>
    <message>
        <location filename="../../widgets/tag_picker.py" line="28" />
        <source>Happy</source>
        <translation>高兴</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="28" />
        <source>Angry</source>
        <translation>生气</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="29" />
        <source>Sad</source>
        <translation>悲伤</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="29" />
        <source>Coquettish</source>
        <translation>撒娇</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="30" />
        <source>Mandarin</source>
        <translation>中文</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="30" />
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="31" />
        <source>Korean</source>
        <translation>韩语</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="31" />
        <source>Japanese</source>
        <translation>日语</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="32" />
        <source>Sichuanese</source>
        <translation>四川话</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="32" />
        <source>Cantonese</source>
        <translation>粤语</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="33" />
        <source>Slow</source>
        <translation>慢速</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="33" />
        <source>Fast</source>
        <translation>快速</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="34" />
        <source>Rap</source>
        <translation>说唱</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="34" />
        <source>Humming</source>
        <translation>哼唱</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="35" />
        <source>Breathing</source>
        <translation>呼吸</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="35" />
        <source>Laughter</source>
        <translation>笑声</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="36" />
        <source>Surprise (oh)</source>
        <translation>惊讶（哦）</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="36" />
        <source>Confirmation (en)</source>
        <translation>肯定（嗯）</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="37" />
        <source>Uhm</source>
        <translation>嗯…</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="37" />
        <source>Surprise (ah)</source>
        <translation>惊讶（啊）</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="38" />
        <source>Surprise (wa)</source>
        <translation>惊讶（哇）</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="38" />
        <source>Sigh</source>
        <translation>叹气</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="39" />
        <source>Question (ei)</source>
        <translation>疑问（诶）</translation>
    </message>
    <message>
        <location filename="../../widgets/tag_picker.py" line="39" />
        <source>Dissatisfaction (hnn)</source>
        <translation>不满（哼）</translation>
    </message>
</context>
<context>
    <name>WaveformView</name>
    <message>
        <location filename="../../widgets/waveform_view.py" line="145" />
        <source>No audio yet. Type some text and press Generate (Ctrl+Enter).</source>
        <translation>还没有音频。输入文字并点击“生成”（Ctrl+Enter）。</translation>
    </message>
    <message>
        <location filename="../../widgets/waveform_view.py" line="169" />
        <source>time</source>
        <translation>时间</translation>
    </message>
</context>
</TS>